/**
 * Shared helpers for the prebuild tests: where things are, the CI-never-skips guard, a PATH without any
 * compiler, `npm pack` / `npm install <tarball>` into temp folders, and running commands inside the Debian 11
 * root made by scripts/prebuild/bullseye-root.sh.
 *
 * These tests check what `npm run build` (dist/) and the prebuild script (prebuilds/) produced; they do not
 * build anything themselves, except the bullseye roots, which they make (or reuse from the cache) through
 * scripts/prebuild/bullseye-root.sh.
 */
import { execFile, execFileSync, type ExecFileOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BULLSEYE_ROOT = process.env.PTPCAM_BULLSEYE_ROOT ?? '/var/cache/ptpcam-bullseye';
export const BULLSEYE_ARM64_ROOT = process.env.PTPCAM_BULLSEYE_ARM64_ROOT ?? '/var/cache/ptpcam-bullseye-arm64';

/** The subset of a tap Test used here. */
export interface GuardTest {
  fail(message: string): unknown;
  skip?(...args: unknown[]): unknown;
  comment(...args: unknown[]): unknown;
  teardown(fn: () => unknown): void;
}

/**
 * Returns true when `reason` is null. Otherwise locally skips with the reason, and under CI (CI set) fails,
 * because these tests must never silently skip there.
 */
export function guard(t: GuardTest, reason: string | null): boolean {
  if (reason === null) return true;
  if (process.env.CI) {
    t.fail(`prebuild test cannot run under CI: ${reason}`);
  } else if (t.skip !== undefined) {
    t.skip(`skipped: ${reason}`);
  } else {
    t.comment(`skipped: ${reason}`);
  }
  return false;
}

export function which(cmd: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(':')) {
    if (!dir) continue;
    const p = join(dir, cmd);
    if (existsSync(p)) return p;
  }
  return null;
}

/** The .node file in prebuilds/linux-<arch>/, or null. */
export function prebuildFile(arch: 'x64' | 'arm64'): string | null {
  const dir = join(REPO, 'prebuilds', `linux-${arch}`);
  if (!existsSync(dir)) return null;
  const f = readdirSync(dir).find((n) => n.endsWith('.node'));
  return f ? join(dir, f) : null;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run a command to its end; never throws for a non-zero exit. It runs through `env -u NODE_OPTIONS`: tap's
 * process-info hook puts `--import=<tap's loader>` into every child's NODE_OPTIONS, which an installed
 * ptpcam must not see, Node 12 (arm64 test) refuses, and a chroot cannot resolve.
 */
export function run(cmd: string, args: readonly string[], opts: ExecFileOptions = {}): Promise<RunResult> {
  return new Promise((res) => {
    execFile(
      '/usr/bin/env',
      ['-u', 'NODE_OPTIONS', cmd, ...args],
      { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 10 * 60_000, ...opts },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        res({ code, stdout: String(stdout), stderr: String(stderr) + (err && typeof err.code !== 'number' ? `\n${err.message}` : '') });
      },
    );
  });
}

export function tempDir(t: GuardTest, prefix: string, parent = tmpdir()): string {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Tools a lab machine without a compiler still has. None of them builds anything. */
const BASICS = ['sh', 'bash', 'env', 'cat', 'ls', 'mkdir', 'rm', 'cp', 'mv', 'ln', 'chmod', 'tar', 'gzip', 'uname', 'sed', 'grep', 'head', 'tail', 'sort', 'dirname', 'basename', 'readlink', 'id'];
/** What must NOT be reachable on the restricted PATH. */
export const BUILD_TOOLS = ['cc', 'gcc', 'c++', 'g++', 'clang', 'clang++', 'make', 'python', 'python3', 'node-gyp'];

/**
 * A folder of symlinks to node, npm, npx and a few basics, and nothing else: with PATH set to it alone,
 * `cc`, `c++`, `g++`, `make` and `python3` are not found (on Debian 12 /bin is /usr/bin, which has them,
 * so neither may be on PATH).
 */
export function noCompilerPath(t: GuardTest): string {
  const bin = tempDir(t, 'ptpcam-nocc-bin-');
  const nodeDir = dirname(process.execPath);
  for (const tool of ['node', 'npm', 'npx']) {
    const p = which(tool, `${nodeDir}:${process.env.PATH ?? ''}`);
    if (p) symlinkSync(realpathSync(p), join(bin, tool));
  }
  for (const tool of BASICS) {
    const p = which(tool, '/usr/bin:/bin');
    if (p) symlinkSync(realpathSync(p), join(bin, tool));
  }
  return bin;
}

/** The environment for the restricted PATH: no npm_* variables inherited from an outer npm run. */
export function cleanEnv(path: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || k === 'INIT_CWD' || k === 'NODE' || k.startsWith('TAP') || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return { ...env, PATH: path, ...extra };
}

/** `npm pack` of the repository into `dest`; returns the tarball's path and its file list. */
export async function pack(dest: string): Promise<{ tarball: string; files: string[] }> {
  const r = await run('npm', ['pack', '--json', '--pack-destination', dest], { cwd: REPO, env: cleanEnv(process.env.PATH ?? '') });
  if (r.code !== 0) throw new Error(`npm pack failed (${r.code}): ${r.stderr}`);
  const start = r.stdout.indexOf('[');
  const info = JSON.parse(r.stdout.slice(start)) as { filename: string; files: { path: string }[] }[];
  const first = info[0];
  if (!first) throw new Error(`npm pack printed no result: ${r.stdout}`);
  return { tarball: join(dest, first.filename), files: first.files.map((f) => f.path).sort() };
}

/** An empty project folder with `npm install <tarball>` done in it. */
export async function installTarball(
  dir: string,
  tarball: string,
  env: NodeJS.ProcessEnv,
  extraArgs: readonly string[] = [],
): Promise<RunResult> {
  mkdirSync(dir, { recursive: true });
  const npm = which('npm', env.PATH) ?? 'npm';
  const init = await run(npm, ['init', '-y'], { cwd: dir, env });
  if (init.code !== 0) return init;
  return run(npm, ['install', '--no-audit', '--no-fund', '--foreground-scripts', ...extraArgs, tarball], { cwd: dir, env });
}

/** Make (or reuse) a bullseye root; returns null or why it could not be had. */
export async function ensureRoot(arch: 'amd64' | 'arm64'): Promise<{ root: string | null; reason: string | null; log: string }> {
  if (!isRoot()) return { root: null, reason: 'needs root (chroot, debootstrap)', log: '' };
  if (!which('debootstrap', `${process.env.PATH ?? ''}:/usr/sbin:/sbin`)) {
    return { root: null, reason: 'debootstrap is not installed (apt-get install debootstrap)', log: '' };
  }
  const r = await run('bash', [join(REPO, 'scripts/prebuild/bullseye-root.sh'), arch], {
    env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` },
    timeout: 15 * 60_000,
  });
  if (r.code !== 0) return { root: null, reason: `bullseye-root.sh ${arch} failed: ${r.stderr.slice(-2000)}`, log: r.stderr };
  return { root: r.stdout.trim().split('\n').at(-1) ?? null, reason: null, log: r.stderr };
}

/**
 * The command (for run()) that runs `args` chrooted into `root` with a /proc of its own: a fresh procfs is
 * mounted on <root>/proc inside a private mount namespace (`unshare --mount --propagation private`), so it
 * exists only for that command and vanishes with it. Nothing is unmounted and no host /proc, /dev or /sys is
 * bind-mounted; the host's mount table is never touched.
 */
export function chrootCommand(root: string, args: readonly string[]): { cmd: string; args: string[] } {
  if (!root || root === '/' || !root.startsWith('/') || resolve(root) === '/') {
    throw new Error(`chrootCommand: refusing root '${root}'`);
  }
  const sbin = `${process.env.PATH ?? ''}:/usr/sbin:/sbin:/usr/bin:/bin`;
  const unshare = which('unshare', sbin);
  const mount = which('mount', sbin);
  const chroot = which('chroot', sbin);
  if (!unshare || !mount || !chroot) throw new Error('chrootCommand: unshare, mount and chroot (util-linux, coreutils) are needed');
  return {
    cmd: unshare,
    args: [
      '--mount', '--propagation', 'private', '--',
      '/bin/sh', '-c', 'm="$1"; c="$2"; r="$3"; shift 3; "$m" -t proc proc "$r/proc" && exec "$c" "$r" "$@"',
      'sh', mount, chroot, resolve(root), ...args,
    ],
  };
}

/** Mount points at or below `dir` in this process's mount namespace (from /proc/self/mountinfo). */
export function mountsUnder(dir: string): string[] {
  const d = resolve(dir);
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((m) => m === d || m.startsWith(`${d}/`));
}

/** True when /proc, /sys and /dev are still mount points on the host (they must always be). */
export function hostMountsIntact(): { ok: boolean; missing: string[] } {
  let info = '';
  try {
    info = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return { ok: false, missing: ['/proc (mountinfo unreadable)'] };
  }
  const points = new Set(info.split('\n').map((l) => l.split(' ')[4]));
  const missing = ['/proc', '/sys', '/dev'].filter((p) => !points.has(p));
  return { ok: missing.length === 0, missing };
}

/** Parse `readelf -V` etc. lazily through the shared checker (plain JS, also used by build.sh). */
export { inspectPrebuild, GLIBC_CEILING, compareVersions } from '../../scripts/prebuild/elf-check.mjs';

export function sh(cmd: string, args: readonly string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8' });
}
