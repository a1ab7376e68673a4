// Runs the lab's Aravis stream consumer (native/arv_frames.c) in the lab's host namespace and parses what it
// printed: frames with the timestamps Aravis delivered, the action commands it broadcast, and their acks.
import { nativeHelperPath } from './native/buildHelper.js';
import type { ExecResult, VirtualLab } from './VirtualLab.js';

export interface ArvFrame {
  camera: number;
  /** Action number (with --action) or frame number. */
  k: number;
  frameId: number;
  timestampNs: bigint;
  /** ArvBufferStatus; 0 = SUCCESS. */
  status: number;
}

export interface ArvFramesResult {
  frames: ArvFrame[];
  missing: Array<{ camera: number; k: number }>;
  actions: Array<{ k: number; beforeNs: bigint; afterNs: bigint }>;
  acks: Array<{ k: number; ip: string; status: number; answer: number; id: number }>;
  errors: string[];
  done: boolean;
  raw: ExecResult;
}

export function parseArvFrames(raw: ExecResult): ArvFramesResult {
  const out: ArvFramesResult = { frames: [], missing: [], actions: [], acks: [], errors: [], done: false, raw };
  for (const line of raw.stdout.split('\n')) {
    const f = line.split(' ');
    if (f[0] === 'frame' && f.length === 6) {
      out.frames.push({ camera: Number(f[1]), k: Number(f[2]), frameId: Number(f[3]), timestampNs: BigInt(f[4]!), status: Number(f[5]) });
    } else if (f[0] === 'missing') out.missing.push({ camera: Number(f[1]), k: Number(f[2]) });
    else if (f[0] === 'action') out.actions.push({ k: Number(f[1]), beforeNs: BigInt(f[2]!), afterNs: BigInt(f[3]!) });
    else if (f[0] === 'ack') {
      const m = /^ack (\d+) (\S+) ([0-9a-f]{4}) answer=([0-9a-f]{4}) id=(\d+)$/.exec(line);
      if (m) out.acks.push({ k: Number(m[1]), ip: m[2]!, status: parseInt(m[3]!, 16), answer: parseInt(m[4]!, 16), id: Number(m[5]) });
    } else if (f[0] === 'error') out.errors.push(line.slice(6));
    else if (line === 'done') out.done = true;
  }
  return out;
}

export interface ArvFramesCamera {
  ip: string;
  features?: string;
}

export interface ArvFramesOptions {
  frames?: number;
  action?: { deviceKey: number; groupKey: number; groupMask: number; count: number; intervalMs?: number; ack?: boolean };
  timeoutMs?: number;
}

/** The SFNC settings that arm a camera for Action1 with these keys. */
export function actionFeatures(deviceKey: number, groupKey: number, groupMask: number): string {
  const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;
  return [
    'TriggerSelector=FrameStart',
    'TriggerMode=On',
    'TriggerSource=Action1',
    `ActionDeviceKey=${hex(deviceKey)}`,
    'ActionSelector=1',
    `ActionGroupKey=${hex(groupKey)}`,
    `ActionGroupMask=${hex(groupMask)}`,
    'AcquisitionMode=Continuous',
  ].join(' ');
}

export async function arvFrames(lab: VirtualLab, cameras: ArvFramesCamera[], opts: ArvFramesOptions): Promise<ArvFramesResult> {
  const args: string[] = [];
  for (const c of cameras) {
    args.push('--camera', c.ip);
    if (c.features) args.push('--features', c.features);
  }
  if (opts.frames !== undefined) args.push('--frames', String(opts.frames));
  if (opts.timeoutMs !== undefined) args.push('--timeout-ms', String(opts.timeoutMs));
  if (opts.action) {
    const a = opts.action;
    const hex = (v: number): string => (v >>> 0).toString(16);
    // The directed broadcast of the lab's /16: it stays on the lab's bridge.
    args.push('--action', `${hex(a.deviceKey)}:${hex(a.groupKey)}:${hex(a.groupMask)}`, '--count', String(a.count), '--broadcast', '169.254.255.255');
    args.push('--interval-ms', String(a.intervalMs ?? 10));
    if (a.ack) args.push('--ack');
  }
  return parseArvFrames(await lab.exec(nativeHelperPath('arv_frames'), args, { timeoutMs: 120_000 }));
}
