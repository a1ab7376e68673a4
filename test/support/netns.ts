/**
 * A small network-namespace lab for tests: namespaces, veth pairs, bridges, link-local addresses and
 * processes started inside namespaces, all removed by name/pid in teardown().
 *
 * Designed for reuse: the ptp4l tests use two namespaces joined by a veth pair; the virtual GigE camera
 * lab joins several namespaces through a bridge in a "switch" namespace (addBridge + attachToBridge).
 *
 * Safety: only addresses in 169.254.0.0/16 are accepted, nothing is created in the root namespace, and
 * every namespace name carries a per-run prefix (`pc<pid>x<n>`) so parallel test processes never collide.
 */
import { execFile, execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, constants, rmSync } from 'node:fs';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** The subset of a tap Test used here (keeps this helper independent of tap's types). */
export interface LabTest {
  teardown(fn: () => unknown): void;
  skip?(...args: unknown[]): unknown;
  fail(message: string): unknown;
  comment(...args: unknown[]): unknown;
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

const LINK_LOCAL_RE = /^169\.254\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IFNAME_RE = /^[A-Za-z0-9_.-]{1,15}$/;

let labCounter = 0;
const liveLabs = new Set<NetnsLab>();
let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  // 'exit' handlers must be synchronous: kill and delete with *Sync calls.
  process.on('exit', () => {
    for (const lab of liveLabs) lab.teardownSync();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      for (const lab of liveLabs) lab.teardownSync();
      process.kill(process.pid, sig);
    });
  }
}

/** Whether a process exists (EPERM: it does, owned by someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function run(cmd: string, args: readonly string[], timeoutMs = 10_000): Promise<RunResult> {
  const { stdout, stderr } = await execFileP(cmd, [...args], { timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' });
  return { stdout, stderr };
}

export class NetnsLab {
  /** `pc<pid>x<lab>` ; namespaces are `<prefix>n<k>`. */
  readonly prefix: string;
  private readonly namespaces: string[] = [];
  private readonly children = new Map<number, ChildProcess>();
  private readonly dirs: string[] = [];
  private nsCounter = 0;
  private tornDown = false;

  constructor() {
    labCounter += 1;
    this.prefix = `pc${process.pid}x${labCounter}`;
    liveLabs.add(this);
    installExitHooks();
  }

  get namespaceNames(): readonly string[] {
    return this.namespaces;
  }

  /** Create a namespace with `lo` up. `label` only makes names readable in `ip netns list`. */
  async addNamespace(label = ''): Promise<string> {
    this.nsCounter += 1;
    const name = `${this.prefix}n${this.nsCounter}${label.replace(/[^a-z0-9]/gi, '').slice(0, 8)}`;
    await run('ip', ['netns', 'add', name]);
    this.namespaces.push(name);
    await this.ip(name, ['link', 'set', 'lo', 'up']);
    return name;
  }

  /** `ip -n <ns> …` */
  async ip(ns: string, args: readonly string[]): Promise<RunResult> {
    this.assertOwned(ns);
    return run('ip', ['-n', ns, ...args]);
  }

  /** A veth pair created directly inside both namespaces (never visible in the root namespace); both ends up. */
  async addVethPair(nsA: string, ifA: string, nsB: string, ifB: string): Promise<void> {
    this.assertOwned(nsA);
    this.assertOwned(nsB);
    for (const n of [ifA, ifB]) if (!IFNAME_RE.test(n)) throw new Error(`bad interface name ${n}`);
    await run('ip', ['link', 'add', ifA, 'netns', nsA, 'type', 'veth', 'peer', 'name', ifB, 'netns', nsB]);
    await this.linkUp(nsA, ifA);
    await this.linkUp(nsB, ifB);
  }

  async addBridge(ns: string, name: string): Promise<void> {
    if (!IFNAME_RE.test(name)) throw new Error(`bad bridge name ${name}`);
    // STP off and no forward delay: ports forward at once, and the lab has no loops.
    await this.ip(ns, ['link', 'add', name, 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0']);
    await this.linkUp(ns, name);
  }

  async attachToBridge(ns: string, dev: string, bridge: string): Promise<void> {
    await this.ip(ns, ['link', 'set', dev, 'master', bridge]);
    await this.linkUp(ns, dev);
  }

  /** Only 169.254.0.0/16 (link-local): lab traffic must never look routable. */
  async addAddress(ns: string, dev: string, cidr: string): Promise<void> {
    const m = LINK_LOCAL_RE.exec(cidr);
    if (m === null || Number(m[1]) > 255 || Number(m[2]) > 255 || Number(m[3]) < 16 || Number(m[3]) > 32) {
      throw new Error(`lab addresses must be 169.254.x.y/16..32, got ${cidr}`);
    }
    await this.ip(ns, ['addr', 'add', cidr, 'dev', dev]);
  }

  async linkUp(ns: string, dev: string): Promise<void> {
    await this.ip(ns, ['link', 'set', dev, 'up']);
  }

  async linkDown(ns: string, dev: string): Promise<void> {
    await this.ip(ns, ['link', 'set', dev, 'down']);
  }

  /** Run a command to completion inside a namespace. */
  async exec(ns: string, cmd: string, args: readonly string[], timeoutMs = 10_000): Promise<RunResult> {
    this.assertOwned(ns);
    return run('ip', ['netns', 'exec', ns, cmd, ...args], timeoutMs);
  }

  /**
   * Start a long-running process inside a namespace. `ip netns exec` execs the command, so the tracked
   * pid is the command's own pid (keep it that way: wrap with `exec` when going through a shell).
   */
  spawnIn(ns: string, cmd: string, args: readonly string[], opts: SpawnOptions = {}): ChildProcess {
    this.assertOwned(ns);
    if (this.tornDown) throw new Error('lab already torn down');
    const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    if (child.pid !== undefined) {
      const pid = child.pid;
      this.children.set(pid, child);
      child.once('exit', () => this.children.delete(pid));
    }
    return child;
  }

  /** Remove this directory (recursively) at teardown. */
  trackDir(dir: string): void {
    this.dirs.push(dir);
  }

  /** Kill tracked processes (TERM, then KILL after graceMs), delete namespaces and dirs. Idempotent. */
  async teardown(graceMs = 1000): Promise<void> {
    const children = [...this.children.values()];
    for (const c of children) {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
      // A SIGSTOPped child cannot act on SIGTERM until continued.
      c.kill('SIGCONT');
    }
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const t = setTimeout(() => {
              c.kill('SIGKILL');
            }, graceMs);
            c.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
          }),
      ),
    );
    this.teardownSync();
  }

  /** Synchronous teardown for process 'exit' and signals; also the tail of teardown(). */
  teardownSync(): void {
    for (const [pid, c] of this.children) {
      if (pidAlive(pid)) {
        try {
          c.kill('SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
    this.children.clear();
    for (const ns of this.namespaces.splice(0).reverse()) {
      try {
        execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore', timeout: 10_000 });
      } catch {
        /* already deleted */
      }
    }
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    this.tornDown = true;
    liveLabs.delete(this);
  }

  private assertOwned(ns: string): void {
    if (!this.namespaces.includes(ns)) throw new Error(`namespace ${ns} does not belong to this lab`);
  }
}

/**
 * Namespaces from earlier runs whose process died without teardown (SIGKILL, OOM): names `pc<pid>x…` whose
 * pid no longer exists. Runs are never touched while their process lives.
 */
export function sweepOrphanNamespaces(): string[] {
  let list = '';
  try {
    list = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 10_000 });
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const line of list.split('\n')) {
    const name = line.trim().split(/\s+/)[0] ?? '';
    const m = /^pc(\d+)x\d+n\d+/.exec(name);
    if (m === null || Number(m[1]) === process.pid || pidAlive(Number(m[1]))) continue;
    try {
      execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore', timeout: 10_000 });
      removed.push(name);
    } catch {
      /* raced with someone else */
    }
  }
  return removed;
}

/** Create a lab whose teardown runs when the test ends, pass or fail. */
export function createLab(t: LabTest): NetnsLab {
  const lab = new NetnsLab();
  t.teardown(() => lab.teardown());
  return lab;
}

function onPath(cmd: string): boolean {
  for (const dir of (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':').concat(['/usr/sbin', '/sbin'])) {
    try {
      accessSync(`${dir}/${cmd}`, constants.X_OK);
      return true;
    } catch {
      /* next */
    }
  }
  return false;
}

/** Why the lab cannot run here, or null when it can. */
export function labUnavailableReason(tools: readonly string[] = []): string | null {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'needs root (network namespaces, veth)';
  const missing = ['ip', ...tools].filter((c) => !onPath(c));
  if (missing.length > 0) return `missing tools: ${missing.join(', ')} (apt install iproute2 linuxptp)`;
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore', timeout: 10_000 });
  } catch (e) {
    return `ip netns unusable: ${(e as Error).message}`;
  }
  return null;
}

/**
 * Guard for lab tests. Returns true when the lab can run. Locally an unusable lab skips the test with the
 * reason; under CI (CI set) it fails instead, because lab tests must never silently skip there.
 */
export function requireRootLab(t: LabTest, tools: readonly string[] = []): boolean {
  const reason = labUnavailableReason(tools);
  if (reason === null) {
    const swept = sweepOrphanNamespaces();
    if (swept.length > 0) t.comment(`removed orphan namespaces: ${swept.join(', ')}`);
    return true;
  }
  if (process.env.CI) {
    t.fail(`lab test cannot run under CI: ${reason}`);
  } else if (t.skip !== undefined) {
    t.skip(`lab test skipped: ${reason}`);
  } else {
    t.comment(`lab test skipped: ${reason}`);
  }
  return false;
}
