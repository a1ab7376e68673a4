// The JSON configuration main.ts accepts. 64-bit values are decimal strings (numbers accepted when safe);
// clock identities may also be written the linuxptp way, "001122.fffe.334455".
import type { Endianness, Variant } from './genicamXml.js';
import type { FaultOptions } from './faults.js';
import type { PtpScriptStep } from './ptpScript.js';
import { isPtpState, parseClockIdentity, SERVO_STATES, type ServoState } from './ptpTypes.js';

export type PtpConfig =
  | { mode: 'script'; steps: PtpScriptStep[] }
  | { mode: 'ptp4l'; uds: string; pollMs?: number; clearSyncUncertain?: boolean };

export interface VcamConfig {
  serial: string;
  model: string;
  vendor: string;
  mac: string;
  ip: string;
  netmask: string;
  userName: string;
  offsetNs: bigint;
  driftPpb: number;
  variant: Variant;
  latchRequired: boolean;
  heartbeatTimeoutMs: number;
  ptpEnabledAtStart: boolean;
  ptp: PtpConfig;
  faults: FaultOptions;
  bindAddress: string;
  port: number;
  logLevel: string;
  /** ACTION_CMD support (capability bit, Action* features, TriggerSource Action1/2). */
  actions: boolean;
  latchEndianness: Endianness;
  /** GevTimestampTickFrequency in Hz. */
  tickFrequencyHz: bigint;
  /** Constant trigger-to-exposure delay added to frame timestamps. */
  triggerLatencyNs: bigint;
  width: number;
  height: number;
  /** Receive through the native helper with kernel receive stamps (default true). */
  kernelStamps: boolean;
  /** What a control release does to stream channel 0 (device.ts): 'close' (default) or 'keep'. */
  streamOnRelease: 'close' | 'keep';
  /** Where to record action/latch receive stamps and frames (stampLog.ts); none when absent. */
  stampLog?: string;
}

export const DEFAULT_SCRIPT: PtpScriptStep[] = [
  { afterMs: 0, state: 'Listening' },
  { afterMs: 1000, state: 'Uncalibrated', gmClockId: 0x0200_00ff_fe00_0001n },
  { afterMs: 2000, state: 'Slave', offsetNs: 120n },
];

export class ConfigError extends Error {}

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(o: Json, key: string, dflt?: string): string {
  const v = o[key];
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== 'string') throw new ConfigError(`"${key}" must be a string`);
  return v;
}

function num(o: Json, key: string, dflt: number): number {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigError(`"${key}" must be a finite number`);
  return v;
}

function bool(o: Json, key: string, dflt: boolean): boolean {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new ConfigError(`"${key}" must be a boolean`);
  return v;
}

export function toBigInt(v: unknown, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  throw new ConfigError(`${what} must be an integer or a decimal string`);
}

function clockId(v: unknown, what: string): bigint {
  if (typeof v === 'string' && /[.:]/.test(v)) return parseClockIdentity(v);
  if (typeof v === 'string' && /^0x[0-9a-f]+$/i.test(v)) return BigInt(v);
  return toBigInt(v, what);
}

function parseSteps(v: unknown): PtpScriptStep[] {
  if (!Array.isArray(v)) throw new ConfigError('ptp.steps must be an array');
  return v.map((s, i) => {
    if (!isObj(s)) throw new ConfigError(`ptp.steps[${i}] must be an object`);
    const state = str(s, 'state');
    if (!isPtpState(state)) throw new ConfigError(`ptp.steps[${i}].state "${state}" is not a PTP state`);
    const step: PtpScriptStep = { afterMs: num(s, 'afterMs', 0), state };
    if (s['gmClockId'] !== undefined) step.gmClockId = clockId(s['gmClockId'], `ptp.steps[${i}].gmClockId`);
    if (s['offsetNs'] !== undefined) step.offsetNs = toBigInt(s['offsetNs'], `ptp.steps[${i}].offsetNs`);
    if (s['servo'] !== undefined) {
      const servo = str(s, 'servo');
      if (!(SERVO_STATES as readonly string[]).includes(servo)) throw new ConfigError(`ptp.steps[${i}].servo "${servo}" unknown`);
      step.servo = servo as ServoState;
    }
    return step;
  });
}

function parsePtp(v: unknown): PtpConfig {
  if (v === undefined) return { mode: 'script', steps: DEFAULT_SCRIPT };
  if (Array.isArray(v)) return { mode: 'script', steps: parseSteps(v) };
  if (!isObj(v)) throw new ConfigError('"ptp" must be an object or a step array');
  if (typeof v['uds'] === 'string' || v['mode'] === 'ptp4l') {
    const cfg: PtpConfig = { mode: 'ptp4l', uds: str(v, 'uds'), clearSyncUncertain: bool(v, 'clearSyncUncertain', true) };
    if (v['pollMs'] !== undefined) cfg.pollMs = num(v, 'pollMs', 1000);
    return cfg;
  }
  return { mode: 'script', steps: parseSteps(v['steps']) };
}

function parseFaults(v: unknown): FaultOptions {
  if (v === undefined) return {};
  if (!isObj(v)) throw new ConfigError('"faults" must be an object');
  const f: FaultOptions = {};
  for (const key of ['dropFirst', 'ackDelayMs', 'stopAfterLatches', 'stopStreamingAfterFrames'] as const) {
    if (v[key] !== undefined) f[key] = num(v, key, 0);
  }
  if (v['ignoreActions'] !== undefined) f.ignoreActions = bool(v, 'ignoreActions', false);
  return f;
}

export function parseVcamConfig(input: unknown): VcamConfig {
  if (!isObj(input)) throw new ConfigError('config must be a JSON object');
  const variant = str(input, 'variant', 'sfnc');
  const streamOnRelease = str(input, 'streamOnRelease', 'close');
  if (streamOnRelease !== 'close' && streamOnRelease !== 'keep') throw new ConfigError('"streamOnRelease" must be "close" or "keep"');
  if (variant !== 'sfnc' && variant !== 'legacy') throw new ConfigError('"variant" must be "sfnc" or "legacy"');
  const latchEndianness = str(input, 'latchEndianness', 'BigEndian');
  if (latchEndianness !== 'BigEndian' && latchEndianness !== 'LittleEndian') throw new ConfigError('"latchEndianness" must be "BigEndian" or "LittleEndian"');
  return {
    serial: str(input, 'serial'),
    model: str(input, 'model', 'VCam'),
    vendor: str(input, 'vendor', 'Acme'),
    mac: str(input, 'mac'),
    ip: str(input, 'ip'),
    netmask: str(input, 'netmask', '255.255.0.0'),
    userName: str(input, 'userName', ''),
    offsetNs: input['offsetNs'] === undefined ? 0n : toBigInt(input['offsetNs'], '"offsetNs"'),
    driftPpb: num(input, 'driftPpb', 0),
    variant,
    latchRequired: bool(input, 'latchRequired', false),
    heartbeatTimeoutMs: num(input, 'heartbeatTimeoutMs', 3000),
    ptpEnabledAtStart: bool(input, 'ptpEnabledAtStart', false),
    ptp: parsePtp(input['ptp']),
    faults: parseFaults(input['faults']),
    bindAddress: str(input, 'bindAddress', '0.0.0.0'),
    port: num(input, 'port', 3956),
    logLevel: str(input, 'logLevel', 'info'),
    actions: bool(input, 'actions', true),
    latchEndianness,
    tickFrequencyHz: input['tickFrequencyHz'] === undefined ? 1_000_000_000n : toBigInt(input['tickFrequencyHz'], '"tickFrequencyHz"'),
    triggerLatencyNs: input['triggerLatencyNs'] === undefined ? 0n : toBigInt(input['triggerLatencyNs'], '"triggerLatencyNs"'),
    width: num(input, 'width', 8),
    height: num(input, 'height', 8),
    kernelStamps: bool(input, 'kernelStamps', true),
    streamOnRelease,
    ...(input['stampLog'] !== undefined ? { stampLog: str(input, 'stampLog') } : {}),
  };
}
