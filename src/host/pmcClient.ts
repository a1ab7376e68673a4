import { access, chmod, mkdtemp, rm } from 'node:fs/promises';
import { constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostStatus, type HostStatus } from './hostStatus.js';
import { HOST } from '../i18n/errorText/host.js';
import { pmcError, type PmcError, type PmcErrorContext } from './pmcError.js';
import { runPmc, type PmcRunResult } from './pmcProcess.js';
import { parsePmcSnapshot, PMC_QUERY_IDS, snapshotHasData, type PmcSnapshot } from './pmcSnapshot.js';
import { findSocketOwner } from './socketOwner.js';
import { probeSocket, type SocketProbeResult } from './socketProbe.js';

/**
 * Where ptp4l may listen, in the order tried when the user gave no `--uds`: the classic path, the 4.x
 * read-only socket (works without root), then the post-4.4 `/var/run/ptp/` layout.
 */
export const DEFAULT_UDS_PATHS = ['/var/run/ptp4l', '/var/run/ptp4lro', '/var/run/ptp/ptp4l', '/var/run/ptp/ptp4lro'] as const;

/** Tried in order when no pmcPath is given; the seed scripts' choice, which also works with a bare PATH. */
export const DEFAULT_PMC_BINARIES = ['/usr/sbin/pmc', 'pmc'] as const;

export const DEFAULT_PMC_TIMEOUT_MS = 2000;

/** sun_path is 108 bytes with its NUL; pmc exits 255 for longer paths. */
const MAX_UDS_PATH_BYTES = 107;

export interface PmcClientOptions {
  /** ptp4l's socket (`--uds`). When given, only this path is tried. */
  readonly uds?: string;
  /** `-d`: PTP domain of the ptp4l instance. Default: pmc's default (0). */
  readonly domain?: number;
  /** `-t`: transportSpecific (1 for gPTP/802.1AS configs). Default: pmc's default (0). */
  readonly transportSpecific?: number;
  /** Hard deadline for one pmc run, ending in SIGKILL. Default 2000 ms. */
  readonly timeoutMs?: number;
  /** The pmc binary; when given, only this one is tried. */
  readonly pmcPath?: string;
  /** Parent of the private per-call directory that holds pmc's client socket. Default: os.tmpdir(). */
  readonly tmpRoot?: string;
  /** Socket paths tried when `uds` is not given. Default DEFAULT_UDS_PATHS. */
  readonly socketCandidates?: readonly string[];
  /** Called with pmc's pid once it runs (logging, tests). */
  readonly onSpawn?: (pid: number) => void;
}

export interface PmcQueryResult {
  readonly status: HostStatus;
  readonly snapshot: PmcSnapshot;
  readonly socketPath: string;
  readonly pmcPath: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly elapsedMs: number;
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim().length > 0)?.trim() ?? '';
}

/** Reads the host's PTP state from ptp4l through linuxptp's pmc. One pmc run per query. */
export class PmcClient {
  private readonly opts: PmcClientOptions;
  readonly timeoutMs: number;

  constructor(options: PmcClientOptions = {}) {
    const { domain, transportSpecific, timeoutMs } = options;
    if (domain !== undefined && !(Number.isInteger(domain) && domain >= 0 && domain <= 255)) {
      throw new RangeError(`domain must be an integer 0..255, got ${String(domain)}`);
    }
    if (transportSpecific !== undefined && !(Number.isInteger(transportSpecific) && transportSpecific >= 0 && transportSpecific <= 15)) {
      throw new RangeError(`transportSpecific must be an integer 0..15, got ${String(transportSpecific)}`);
    }
    if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
      throw new RangeError(`timeoutMs must be > 0, got ${String(timeoutMs)}`);
    }
    this.opts = options;
    this.timeoutMs = timeoutMs ?? DEFAULT_PMC_TIMEOUT_MS;
  }

  private ctx(extra: PmcErrorContext = {}): PmcErrorContext {
    return {
      ...(this.opts.domain !== undefined ? { domain: this.opts.domain } : { domain: 0 }),
      ...(this.opts.transportSpecific !== undefined ? { transportSpecific: this.opts.transportSpecific } : {}),
      ...extra,
    };
  }

  /** Query ptp4l and derive the host's role. Throws PmcError. */
  async hostStatus(): Promise<HostStatus> {
    return (await this.query()).status;
  }

  /** Query ptp4l (all seven GETs in one pmc run). Throws PmcError. */
  async query(): Promise<PmcQueryResult> {
    const socket = await this.chooseSocket();
    const dir = await mkdtemp(join(this.opts.tmpRoot ?? tmpdir(), 'ptpcam-pmc-'));
    try {
      // ptp4l sends its replies to pmc's client socket; a ptp4l that dropped root (linuxptp > 4.4 `user`)
      // must still reach it, so the directory is searchable but not listable.
      await chmod(dir, 0o711);
      const { run, pmcPath } = await this.runAny(socket, join(dir, 'pmc.sock'));
      // `return await`: a bare return would leave interpret()'s rejection unhandled while finally awaits rm.
      return await this.interpret(run, socket, pmcPath);
    } finally {
      // Removes the client socket too, which pmc leaves behind when it is SIGKILLed.
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async chooseSocket(): Promise<string> {
    const paths = this.opts.uds !== undefined ? [this.opts.uds] : [...(this.opts.socketCandidates ?? DEFAULT_UDS_PATHS)];
    if (paths.length === 0) throw new RangeError('no socket path to try');
    for (const p of paths) {
      if (bytes(p) > MAX_UDS_PATH_BYTES) {
        throw pmcError(HOST.pathTooLong, { max: String(MAX_UDS_PATH_BYTES), path: p }, this.ctx({ socketPath: p }));
      }
    }
    const probes: SocketProbeResult[] = [];
    for (const p of paths) {
      const probe = await probeSocket(p);
      probes.push(probe);
      if (probe.state === 'alive') return p;
      // Root may write anywhere; for others the probe's EACCES already covers write permission, and
      // access() catches a socket we can reach but not write in odd setups (e.g. ACLs).
      if (probe.state === 'error') {
        try {
          await access(p, constants.W_OK);
          return p;
        } catch {
          /* fall through to the next candidate */
        }
      }
    }
    throw this.socketError(probes, paths);
  }

  /** The most telling failure among the candidates: stale > permission > not a socket > absent. */
  private socketError(probes: readonly SocketProbeResult[], tried: readonly string[]): PmcError {
    const pick = (s: SocketProbeResult['state']): SocketProbeResult | undefined => probes.find((p) => p.state === s);
    const triedText = tried.join(', ');
    const stale = pick('stale');
    if (stale !== undefined) {
      return pmcError(HOST.staleSocket, { path: stale.path }, this.ctx({ socketPath: stale.path, triedPaths: tried }));
    }
    const perm = pick('permission');
    if (perm !== undefined) {
      return pmcError(HOST.permission, { path: perm.path }, this.ctx({ socketPath: perm.path, triedPaths: tried }));
    }
    const other = pick('not-socket') ?? pick('error');
    if (other !== undefined) {
      const ctx = this.ctx({ socketPath: other.path, triedPaths: tried });
      return other.errno ? pmcError(HOST.notSocketErrno, { path: other.path, errno: other.errno }, ctx) : pmcError(HOST.notSocket, { path: other.path }, ctx);
    }
    const ctx = this.ctx({ socketPath: tried[tried.length - 1] as string, triedPaths: tried });
    return pmcError(this.opts.uds !== undefined ? HOST.noSocketGiven : HOST.noSocket, { paths: triedText }, ctx);
  }

  private args(socket: string, clientSocket: string): string[] {
    const a = ['-u', '-b', '0'];
    if (this.opts.domain !== undefined) a.push('-d', String(this.opts.domain));
    // pmc reads -t as hex.
    if (this.opts.transportSpecific !== undefined) a.push('-t', this.opts.transportSpecific.toString(16));
    a.push('-s', socket, '-i', clientSocket);
    for (const id of PMC_QUERY_IDS) a.push(`GET ${id}`);
    return a;
  }

  private async runAny(socket: string, clientSocket: string): Promise<{ run: PmcRunResult; pmcPath: string }> {
    const binaries = this.opts.pmcPath !== undefined ? [this.opts.pmcPath] : [...DEFAULT_PMC_BINARIES];
    const failures: string[] = [];
    for (const binary of binaries) {
      const run = await runPmc({
        binary,
        args: this.args(socket, clientSocket),
        timeoutMs: this.timeoutMs,
        ...(this.opts.onSpawn !== undefined ? { onSpawn: this.opts.onSpawn } : {}),
      });
      if (run.kind !== 'spawn-error') return { run, pmcPath: binary };
      failures.push(`${binary}: ${run.errno}`);
    }
    throw pmcError(HOST.notInstalled, { tried: failures.join(', ') }, this.ctx({ socketPath: socket, pmcPath: binaries.join(', ') }));
  }

  private async interpret(run: PmcRunResult, socket: string, pmcPath: string): Promise<PmcQueryResult> {
    if (run.kind === 'spawn-error') throw new Error('unreachable');
    const base = this.ctx({ socketPath: socket, pmcPath, stdout: run.stdout, stderr: run.stderr, elapsedMs: run.elapsedMs });

    if (run.kind === 'timeout') {
      throw pmcError(HOST.killedAfterTimeout, { path: socket, ms: String(this.timeoutMs) }, base);
    }
    if (run.exitCode !== 0) {
      const ctx = { ...base, exitCode: run.exitCode, signal: run.signal };
      if (/bind failed|failed to open transport/.test(run.stderr)) {
        throw pmcError(HOST.clientSocket, { stderr: firstLine(run.stderr) }, ctx);
      }
      const why = firstLine(run.stderr);
      if (run.exitCode === null) {
        const signal = run.signal ?? 'a signal';
        throw why ? pmcError(HOST.killedWhy, { signal, path: socket, stderr: why }, ctx) : pmcError(HOST.killed, { signal, path: socket }, ctx);
      }
      const status = String(run.exitCode);
      throw why ? pmcError(HOST.exitedWhy, { status, path: socket, stderr: why }, ctx) : pmcError(HOST.exited, { status, path: socket }, ctx);
    }

    const snapshot = parsePmcSnapshot(run.stdout);
    if (!snapshot.answered) {
      // pmc exits 0 and prints only `sending:` lines whatever went wrong; look at the socket again to say why.
      const probe = await probeSocket(socket);
      if (probe.state === 'absent') {
        throw pmcError(HOST.disappeared, { path: socket }, base);
      }
      if (probe.state === 'stale') {
        throw pmcError(HOST.staleSocket, { path: socket }, base);
      }
      if (probe.state === 'permission') {
        throw pmcError(HOST.permissionAfterQuery, { path: socket }, base);
      }
      const owner = await findSocketOwner(socket);
      if (owner !== null && (owner.state === 'T' || owner.state === 't')) {
        throw pmcError(HOST.stopped, { command: owner.command, pid: String(owner.pid), path: socket }, base);
      }
      const facts = { path: socket, domain: String(this.opts.domain ?? 0), transportSpecific: String(this.opts.transportSpecific ?? 0) };
      throw pmcError(HOST.noAnswer, facts, base);
    }
    if (!snapshotHasData(snapshot)) {
      throw pmcError(HOST.unparsable, { path: socket }, base);
    }
    const status = hostStatus(snapshot, { socketPath: socket });
    return { status, snapshot, socketPath: socket, pmcPath, stdout: run.stdout, stderr: run.stderr, elapsedMs: run.elapsedMs };
  }
}
