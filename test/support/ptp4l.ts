/**
 * Start linuxptp's ptp4l inside a lab namespace, and talk to it with pmc, for tests.
 *
 * Every instance runs with `free_running 1` (ptp4l never adjusts a clock), `time_stamping software`,
 * UDPv4, and its own `uds_address` in a temp folder, so nothing touches the host clock or /var/run/ptp4l.
 * CAP_SYS_TIME is also dropped when capsh exists; free_running is the guarantee, capsh the belt.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetnsLab } from './netns.js';

export interface Ptp4lOptions {
  readonly ns: string;
  /** Interfaces inside `ns` (several for a boundary clock). */
  readonly interfaces: readonly string[];
  /** Short name used for files and log tags. */
  readonly name: string;
  readonly priority1?: number;
  readonly priority2?: number;
  readonly slaveOnly?: boolean;
  readonly domainNumber?: number;
  /** log2 seconds; -2 = 4 per second. Lower values make the lab converge faster. */
  readonly logAnnounceInterval?: number;
  readonly announceReceiptTimeout?: number;
  readonly logSyncInterval?: number;
  readonly logMinDelayReqInterval?: number;
  readonly transportSpecific?: number;
  /** More `[global]` settings; cannot override the safety settings. */
  readonly extra?: Readonly<Record<string, string | number>>;
  /** Wait this long for ptp4l to create its socket. */
  readonly startTimeoutMs?: number;
}

export interface PmcRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

const SAFETY: Readonly<Record<string, string>> = {
  free_running: '1',
  time_stamping: 'software',
  network_transport: 'UDPv4',
};

function which(cmd: string): string | null {
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin', ...(process.env.PATH ?? '').split(':')]) {
    const p = join(dir, cmd);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Run pmc directly (independent of src/host, so the product is not tested with itself). */
export function pmcRaw(socket: string, clientDir: string, commands: readonly string[], opts: { domain?: number; timeoutMs?: number } = {}): Promise<PmcRun> {
  const args = ['-u', '-b', '0', '-s', socket, '-i', join(clientDir, `pmc.${process.pid}.${Math.random().toString(36).slice(2, 8)}`)];
  if (opts.domain !== undefined) args.push('-d', String(opts.domain));
  args.push(...commands);
  return new Promise((resolve) => {
    execFile(
      which('pmc') ?? 'pmc',
      args,
      { timeout: opts.timeoutMs ?? 3000, killSignal: 'SIGKILL', encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null;
        resolve({ stdout, stderr, code });
      },
    );
  });
}

export class Ptp4lInstance {
  readonly dir: string;
  readonly socketPath: string;
  readonly configPath: string;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly domainNumber: number;
  private output = '';

  constructor(dir: string, configPath: string, socketPath: string, child: ChildProcess, domainNumber: number) {
    this.dir = dir;
    this.configPath = configPath;
    this.socketPath = socketPath;
    this.child = child;
    this.domainNumber = domainNumber;
    if (child.pid === undefined) throw new Error('ptp4l did not start');
    this.pid = child.pid;
    const keep = (d: Buffer): void => {
      // Bounded: a verbose ptp4l runs for the whole test.
      this.output = (this.output + d.toString('utf8')).slice(-64 * 1024);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** ptp4l's recent stdout/stderr (verbose), for failure messages. */
  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  pmc(commands: readonly string[], opts: { timeoutMs?: number } = {}): Promise<PmcRun> {
    return pmcRaw(this.socketPath, this.dir, commands, { domain: this.domainNumber, ...opts });
  }

  /** Port states by port number, from one `GET PORT_DATA_SET`. */
  async portStates(): Promise<Map<number, string>> {
    const r = await this.pmc(['GET PORT_DATA_SET']);
    const states = new Map<number, string>();
    let port = -1;
    for (const line of r.stdout.split('\n')) {
      const h = /^\t[0-9a-f.]+-(\d+) seq \d+ RESPONSE MANAGEMENT PORT_DATA_SET $/.exec(line);
      if (h !== null) port = Number(h[1]);
      const s = /^\t\tportState\s+(\S+)/.exec(line);
      if (s !== null && port >= 0) states.set(port, s[1] as string);
    }
    return states;
  }

  /** Poll until `port` (default: every port) is in one of `states`. Returns the state seen. */
  async waitForPortState(states: string | readonly string[], opts: { port?: number; timeoutMs?: number; pollMs?: number } = {}): Promise<string> {
    const want = typeof states === 'string' ? [states] : states;
    const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
    let last = new Map<number, string>();
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`ptp4l ${this.pid} exited while waiting for ${want.join('|')}\n${this.log}`);
      last = await this.portStates();
      const relevant = opts.port === undefined ? [...last.values()] : [last.get(opts.port)].filter((s): s is string => s !== undefined);
      if (relevant.length > 0 && relevant.every((s) => want.includes(s))) return relevant[0] as string;
      await sleep(opts.pollMs ?? 200);
    }
    throw new Error(`timeout waiting for port state ${want.join('|')}; last ${JSON.stringify([...last])}\n${this.log.slice(-2000)}`);
  }

  /**
   * `SET SYNCHRONIZATION_UNCERTAIN_NP 0`: with free_running, ptp4l keeps a slave port UNCALIBRATED until
   * this flag is FALSE (clock_no_adjust()); it changes a flag inside ptp4l, no clock.
   */
  async setSynchronizationUncertain(uncertain: boolean): Promise<void> {
    const r = await this.pmc([`SET SYNCHRONIZATION_UNCERTAIN_NP ${uncertain ? 1 : 0}`]);
    if (!/RESPONSE MANAGEMENT SYNCHRONIZATION_UNCERTAIN_NP/.test(r.stdout)) {
      throw new Error(`SET SYNCHRONIZATION_UNCERTAIN_NP failed: ${JSON.stringify(r)}`);
    }
  }

  /** The clock identity (DEFAULT_DATA_SET.clockIdentity). */
  async clockIdentity(): Promise<string> {
    const r = await this.pmc(['GET DEFAULT_DATA_SET']);
    const m = /clockIdentity\s+([0-9a-f.]+)/.exec(r.stdout);
    if (m === null) throw new Error(`no clockIdentity from ptp4l: ${JSON.stringify(r)}`);
    return m[1] as string;
  }

  stop(): void {
    this.child.kill('SIGSTOP');
  }

  cont(): void {
    this.child.kill('SIGCONT');
  }

  /** SIGKILL and wait for the exit; leaves the socket file behind (a stale socket). */
  async kill(): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM (after SIGCONT) and wait; ptp4l removes its socket. */
  async terminate(): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGCONT');
    this.child.kill('SIGTERM');
    await exited;
  }
}

export function ptp4lConfig(opts: Ptp4lOptions, socketPath: string): string {
  const settings: Record<string, string> = {};
  const set = (k: string, v: string | number | undefined): void => {
    if (v !== undefined) settings[k] = String(v);
  };
  set('priority1', opts.priority1);
  set('priority2', opts.priority2);
  set('slaveOnly', opts.slaveOnly === undefined ? undefined : opts.slaveOnly ? 1 : 0);
  set('domainNumber', opts.domainNumber ?? 0);
  set('logAnnounceInterval', opts.logAnnounceInterval);
  set('announceReceiptTimeout', opts.announceReceiptTimeout);
  set('logSyncInterval', opts.logSyncInterval);
  set('logMinDelayReqInterval', opts.logMinDelayReqInterval);
  set('transportSpecific', opts.transportSpecific === undefined ? undefined : `0x${opts.transportSpecific.toString(16)}`);
  for (const [k, v] of Object.entries(opts.extra ?? {})) set(k, v);
  Object.assign(settings, SAFETY, { uds_address: socketPath, use_syslog: '0', verbose: '1', message_tag: `[${opts.name}]` });
  return ['[global]', ...Object.entries(settings).map(([k, v]) => `${k.padEnd(24)} ${v}`), ''].join('\n');
}

/** Start ptp4l in `opts.ns` and wait for its management socket. Torn down with the lab. */
export async function startPtp4l(lab: NetnsLab, opts: Ptp4lOptions): Promise<Ptp4lInstance> {
  const dir = await mkdtemp(join(tmpdir(), `ptpcam-ptp4l-${opts.name}-`));
  lab.trackDir(dir);
  const socketPath = join(dir, 'ptp4l.sock');
  const configPath = join(dir, 'ptp4l.cfg');
  await writeFile(configPath, ptp4lConfig(opts, socketPath));
  const ptp4l = which('ptp4l') ?? 'ptp4l';
  const ifArgs = opts.interfaces.flatMap((i) => ['-i', i]);
  const capsh = which('capsh');
  // `exec` keeps one pid from capsh to ptp4l, so the lab tracks and kills ptp4l itself.
  const child = capsh
    ? lab.spawnIn(opts.ns, capsh, ['--drop=cap_sys_time', '--', '-c', 'exec "$0" "$@"', ptp4l, '-f', configPath, ...ifArgs])
    : lab.spawnIn(opts.ns, ptp4l, ['-f', configPath, ...ifArgs]);
  const inst = new Ptp4lInstance(dir, configPath, socketPath, child, opts.domainNumber ?? 0);
  const deadline = Date.now() + (opts.startTimeoutMs ?? 10_000);
  while (!existsSync(socketPath)) {
    if (!inst.running) throw new Error(`ptp4l exited at start (code ${String(child.exitCode)})\n${inst.log}`);
    if (Date.now() > deadline) throw new Error(`ptp4l created no socket at ${socketPath}\n${inst.log}`);
    await sleep(50);
  }
  return inst;
}
