// The namespace lab: a host ("client") namespace with a bridge, one namespace per virtual camera joined to
// the bridge by a veth pair, link-local addressing, the host's ptp4l, and optionally one slave-only ptp4l
// per camera. Nothing runs in the machine's own namespace: discovery broadcasts and PTP multicast stay
// inside the lab.
//
//   host ns:  h0 169.254.10.1/16 ── h0br ─┐
//                                         br0 ── vc0 ══ eth0 (cam0 ns) 169.254.10.10/16
//                                             └─ vc1 ══ eth0 (cam1 ns) 169.254.10.11/16 …
//
// The host address sits on a veth rather than on br0 because a bridge offers no software timestamping,
// which ptp4l needs.
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLab, NetnsLab, type LabTest } from '../support/netns.js';
import { waitForLine } from '../support/waitForLine.js';
import { nativeHelperPath } from './native/buildHelper.js';
import { ptp4lConfig } from './ptp4lConfig.js';
import { fanout, type Fanout } from './fanout.js';
import type { FaultOptions } from './vcam/faults.js';
import type { Endianness, Variant } from './vcam/genicamXml.js';
import type { PtpScriptStep } from './vcam/ptpScript.js';
import { parseStampLog, type CameraStamps } from './vcam/stampLog.js';

export interface LabCameraOptions {
  serial?: string;
  model?: string;
  vendor?: string;
  userName?: string;
  variant?: Variant;
  offsetNs?: bigint;
  driftPpb?: number;
  /** Follow a real slave-only ptp4l in the camera's namespace instead of a script. */
  ptp4l?: boolean;
  script?: PtpScriptStep[];
  faults?: FaultOptions;
  latchRequired?: boolean;
  heartbeatTimeoutMs?: number;
  ptpEnabledAtStart?: boolean;
  /** ACTION_CMD support (default true); false = a camera without ActionDeviceKey and TriggerSource Action1. */
  actions?: boolean;
  /** How the camera's XML describes TimestampLatch's register (default BigEndian, as cameras do). */
  latchEndianness?: Endianness;
  /** GevTimestampTickFrequency (default 1 GHz: frame timestamps are the camera clock in ns). */
  tickFrequencyHz?: bigint;
  /** Constant trigger latency added to frame timestamps (default 0). */
  triggerLatencyNs?: bigint;
  /** Image size (default 8 × 8 Mono8, one payload packet). */
  width?: number;
  height?: number;
  /** Receive through the native stamping helper (default true): latch and action instants are the kernel's
   *  receive stamps. False falls back to node:dgram and the camera's clock on arrival. */
  kernelStamps?: boolean;
  /** What a control release does to stream channel 0: 'close' (default, host port 0) or 'keep' the registers
   *  as the last controller left them (as arv-fake-gv-camera does). */
  streamOnRelease?: 'close' | 'keep';
}

export interface VirtualLabOptions {
  cameras: number | LabCameraOptions[];
  /** Start the grandmaster-capable ptp4l in the host namespace (default true). */
  hostPtp4l?: boolean;
  /** Namespace helper to build on; a fresh one by default. Its names carry the pid, so labs never collide. */
  netns?: NetnsLab;
  readyTimeoutMs?: number;
  /** Keep the temp dir (configs, sockets, logs) after teardown for debugging. */
  keepTempDir?: boolean;
  /**
   * 'idle' runs every camera (node process and stamping helper) under SCHED_IDLE (`chrt --idle 0`): they get a CPU
   * only when nothing else wants one, so on a 2-core machine they never preempt the threads under test. Their
   * kernel receive stamps are taken in the sender's context and do not move; only their acks come later.
   * Default 'normal'.
   */
  cameraPriority?: 'normal' | 'idle';
}

export interface Ptp4lProcess {
  pid: number;
  uds: string;
  log: string;
}

export interface LabCamera {
  index: number;
  ns: string;
  ip: string;
  mac: string;
  serial: string;
  vendor: string;
  model: string;
  /** Aravis' device id: `<vendor>-<model>-<serial>`. */
  deviceId: string;
  variant: Variant;
  offsetNs: bigint;
  driftPpb: number;
  pid: number;
  log: string;
  /** The camera's record of action/latch receive stamps and frames (test/lab/vcam/stampLog.ts). */
  stampLog: string;
  ptp4l?: Ptp4lProcess;
}

export interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export const HOST_IP = '169.254.10.1';
export const cameraIp = (index: number): string => `169.254.10.${10 + index}`;
const VCAM_MAIN = fileURLToPath(new URL('./vcam/main.ts', import.meta.url));
// Absolute, so the camera starts whatever the working directory of whoever runs the lab.
const TSX = import.meta.resolve('tsx');

async function waitForFile(path: string, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${what}: ${path} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const jsonReplacer = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

export class VirtualLab {
  hostNs = '';
  readonly hostIp = HOST_IP;
  readonly hostDev = 'h0';
  readonly cameras: LabCamera[] = [];
  hostPtp4l: Ptp4lProcess | undefined;
  readonly tempDir: string;
  /** The namespace helper: it kills every process the lab started and deletes the namespaces, also on exit
   *  and SIGINT/SIGTERM/SIGHUP (its own hooks). */
  readonly net: NetnsLab;
  private tornDown: Promise<void> | undefined;
  private nextIndex = 0;

  private constructor(private readonly opts: VirtualLabOptions) {
    this.net = opts.netns ?? new NetnsLab();
    this.tempDir = mkdtempSync(join(tmpdir(), 'ptpcam-lab-'));
    if (!opts.keepTempDir) this.net.trackDir(this.tempDir);
  }

  static async start(opts: VirtualLabOptions): Promise<VirtualLab> {
    const lab = new VirtualLab(opts);
    try {
      lab.hostNs = await lab.net.addNamespace('host');
      await lab.net.addBridge(lab.hostNs, 'br0');
      // Without an IGMP querier a snooping bridge may stop flooding PTP multicast to the cameras.
      await lab.net.ip(lab.hostNs, ['link', 'set', 'br0', 'type', 'bridge', 'mcast_snooping', '0']);
      await lab.net.addVethPair(lab.hostNs, lab.hostDev, lab.hostNs, 'h0br');
      await lab.net.attachToBridge(lab.hostNs, 'h0br', 'br0');
      await lab.net.addAddress(lab.hostNs, lab.hostDev, `${HOST_IP}/16`);
      if (opts.hostPtp4l ?? true) lab.hostPtp4l = await lab.startPtp4l(lab.hostNs, lab.hostDev, 'host', false);
      const cams: LabCameraOptions[] = typeof opts.cameras === 'number' ? Array.from({ length: opts.cameras }, () => ({})) : opts.cameras;
      // Built once here rather than by every camera process at once.
      if (cams.some((c) => c.kernelStamps ?? true)) nativeHelperPath('stamped_udp');
      // In parallel: each camera is a node process whose start-up dominates the lab's start time.
      await Promise.all(cams.map((cam) => lab.addCamera(cam)));
      return lab;
    } catch (err) {
      await lab.teardown();
      throw err;
    }
  }

  private async startPtp4l(ns: string, dev: string, tag: string, slaveOnly: boolean): Promise<Ptp4lProcess> {
    const uds = join(this.tempDir, `${tag}.ptp4l.sock`);
    const conf = join(this.tempDir, `${tag}.ptp4l.conf`);
    const log = join(this.tempDir, `${tag}.ptp4l.log`);
    writeFileSync(conf, ptp4lConfig({ udsPath: uds, slaveOnly }));
    const child = this.net.spawnIn(ns, 'ptp4l', ['-f', conf, '-i', dev, '-m', '-q']);
    const out = createWriteStream(log);
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    await waitForFile(uds, this.opts.readyTimeoutMs ?? 10_000, `ptp4l in ${ns}`);
    return { pid: child.pid!, uds, log };
  }

  /** Starts one more camera in its own namespace; resolves once it answers on UDP 3956. */
  async addCamera(o: LabCameraOptions = {}): Promise<LabCamera> {
    const index = this.nextIndex++;
    if (index > 200) throw new Error('at most 200 cameras fit the lab addressing');
    const ip = cameraIp(index);
    const mac = `02:50:43:00:${(index >> 8).toString(16).padStart(2, '0')}:${(index & 0xff).toString(16).padStart(2, '0')}`;
    const serial = o.serial ?? `VCAM${String(index + 1).padStart(4, '0')}`;
    const vendor = o.vendor ?? 'Acme';
    const model = o.model ?? (o.variant === 'legacy' ? 'VCamLegacy' : 'VCam');
    const ns = await this.net.addNamespace(`cam${index}`);
    await this.net.addVethPair(this.hostNs, `vc${index}`, ns, 'eth0');
    await this.net.attachToBridge(this.hostNs, `vc${index}`, 'br0');
    await this.net.addAddress(ns, 'eth0', `${ip}/16`);
    const ptp4l = o.ptp4l ? await this.startPtp4l(ns, 'eth0', `cam${index}`, true) : undefined;
    const config = {
      serial,
      model,
      vendor,
      userName: o.userName ?? '',
      mac,
      ip,
      offsetNs: o.offsetNs ?? 0n,
      driftPpb: o.driftPpb ?? 0,
      variant: o.variant ?? 'sfnc',
      latchRequired: o.latchRequired ?? false,
      heartbeatTimeoutMs: o.heartbeatTimeoutMs ?? 3000,
      ptpEnabledAtStart: o.ptpEnabledAtStart ?? false,
      actions: o.actions ?? true,
      latchEndianness: o.latchEndianness ?? 'BigEndian',
      tickFrequencyHz: o.tickFrequencyHz ?? 1_000_000_000n,
      triggerLatencyNs: o.triggerLatencyNs ?? 0n,
      width: o.width ?? 8,
      height: o.height ?? 8,
      kernelStamps: o.kernelStamps ?? true,
      streamOnRelease: o.streamOnRelease ?? 'close',
      stampLog: join(this.tempDir, `cam${index}.stamps`),
      ...(ptp4l ? { ptp: { mode: 'ptp4l', uds: ptp4l.uds } } : o.script ? { ptp: { mode: 'script', steps: o.script } } : {}),
      faults: o.faults ?? {},
    };
    const configPath = join(this.tempDir, `cam${index}.json`);
    writeFileSync(configPath, JSON.stringify(config, jsonReplacer, 2));
    const log = join(this.tempDir, `cam${index}.vcam.log`);
    const node = [process.execPath, '--import', TSX, VCAM_MAIN, `@${configPath}`];
    // chrt execs the command, so the tracked pid stays the camera's own.
    const child = this.opts.cameraPriority === 'idle' ? this.net.spawnIn(ns, 'chrt', ['--idle', '0', ...node]) : this.net.spawnIn(ns, node[0]!, node.slice(1));
    child.stderr?.pipe(createWriteStream(log));
    // A camera is a node process compiling TypeScript at start: on a busy 2-core machine that takes tens of seconds.
    await waitForLine(child, child.stdout, /^ready /, this.opts.readyTimeoutMs ?? 60_000, `virtual camera ${serial}`);
    const cam: LabCamera = {
      index,
      ns,
      ip,
      mac,
      serial,
      vendor,
      model,
      deviceId: `${vendor}-${model}-${serial}`,
      variant: config.variant,
      offsetNs: config.offsetNs,
      driftPpb: config.driftPpb,
      pid: child.pid!,
      log,
      stampLog: config.stampLog,
      ...(ptp4l ? { ptp4l } : {}),
    };
    this.cameras.push(cam);
    this.cameras.sort((a, b) => a.index - b.index);
    return cam;
  }

  /** Starts a command in the host namespace; the lab kills it at teardown if it is still running. */
  spawn(cmd: string, args: string[]): ChildProcess {
    return this.net.spawnIn(this.hostNs, cmd, args);
  }

  /** Runs a command to completion in the host namespace (ptpcam, arv-tool-0.8, pmc …). */
  exec(cmd: string, args: string[], opts: { timeoutMs?: number } = {}): Promise<ExecResult> {
    const child = this.spawn(cmd, args);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    return new Promise((resolve, reject) => {
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
    });
  }

  /** What camera `index` has seen so far: kernel receive stamps of every ACTION_CMD and TimestampLatch write,
   *  the frames it sent, and its receive path's delays (vcam/stampLog.ts). Complete for events older than ~1 ms. */
  receiveStamps(index: number): CameraStamps {
    const cam = this.cameras.find((c) => c.index === index);
    if (!cam) throw new Error(`no camera ${index} in the lab`);
    return parseStampLog(existsSync(cam.stampLog) ? readFileSync(cam.stampLog, 'utf8') : '');
  }

  /**
   * The lab's own fan-out of each action command: the kernel receive stamps of the k-th ACTION_CMD at every
   * camera (all cameras see every broadcast, acted on or not), their spread, and each camera's offset from
   * the first. `cameras` restricts it to some camera indexes (default all).
   */
  actionFanout(cameras?: number[]): Fanout {
    const idx = cameras ?? this.cameras.map((c) => c.index);
    return fanout(idx, idx.map((i) => this.receiveStamps(i).actions.map((a) => a.kernelNs)));
  }

  /** The same for TimestampLatch writes: the k-th latch at each camera. With the latch method this is the fire
   *  spread measured at the cameras (parallel vs sequential), free of the cameras' own scheduling. */
  latchFanout(cameras?: number[]): Fanout {
    const idx = cameras ?? this.cameras.map((c) => c.index);
    return fanout(idx, idx.map((i) => this.receiveStamps(i).latches));
  }

  /** The per-send cost of one unicast GVCP command from the host namespace to camera `index` (native/send_cost.c):
   *  the time sendto takes in the sending thread, veth and bridge delivery included. */
  async measureSendCost(count = 2000, index = this.cameras[0]?.index ?? 0): Promise<{ p50Ns: number; p99Ns: number; minNs: number }> {
    const cam = this.cameras.find((c) => c.index === index);
    if (!cam) throw new Error(`no camera ${index} in the lab`);
    const r = await this.exec(nativeHelperPath('send_cost'), [cam.ip, String(count)], { timeoutMs: 120_000 });
    const m = /^send_cost n=\d+ p50=(\d+) p99=(\d+) min=(\d+)$/m.exec(r.stdout);
    if (!m) throw new Error(`send_cost failed: ${r.stdout}${r.stderr}`);
    return { p50Ns: Number(m[1]), p99Ns: Number(m[2]), minNs: Number(m[3]) };
  }

  /** Broadcasts `count` ACTION_CMDs that no camera acts on (native/send_cost.c --broadcast) and returns the lab's
   *  fan-out of them: the spread of each broadcast's kernel receive stamps across all cameras. */
  async measureActionFanout(count = 200): Promise<Fanout> {
    const before = this.actionFanout().events.length;
    const r = await this.exec(nativeHelperPath('send_cost'), ['--broadcast', '169.254.255.255', String(count)], { timeoutMs: 120_000 });
    if (!/^send_cost n=/m.test(r.stdout)) throw new Error(`send_cost --broadcast failed: ${r.stdout}${r.stderr}`);
    // Cameras record on their own schedule (later still at idle priority): wait until each has them all.
    const deadline = Date.now() + 30_000;
    while (this.cameras.some((c) => this.receiveStamps(c.index).actions.length < before + count) && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 100));
    }
    const all = this.actionFanout();
    return { cameras: all.cameras, events: all.events.slice(before) };
  }

  /** Fault tests: SIGSTOP freezes the grandmaster, SIGCONT resumes it, SIGKILL removes it. */
  signalHostPtp4l(signal: NodeJS.Signals): void {
    if (!this.hostPtp4l) throw new Error('the lab runs no host ptp4l');
    process.kill(this.hostPtp4l.pid, signal);
  }

  /** How a person runs a command inside the lab from another shell. */
  get execPrefix(): string {
    return `ip netns exec ${this.hostNs}`;
  }

  teardown(): Promise<void> {
    this.tornDown ??= this.net.teardown();
    return this.tornDown;
  }
}

/**
 * One lab for a test file: a lab that cannot start fails the file with the reason instead of crashing it. Each
 * camera is a node process compiling TypeScript at start, so a busy 2-core machine needs the 60 s margin.
 */
export async function startLabOrFail(t: LabTest, cameras: LabCameraOptions[]): Promise<VirtualLab | null> {
  try {
    return await VirtualLab.start({ netns: createLab(t), readyTimeoutMs: 60_000, cameras });
  } catch (e) {
    t.fail(`the lab did not start: ${(e as Error).message}`);
    return null;
  }
}
