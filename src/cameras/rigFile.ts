/**
 * The simulated rig: a small JSON file in which every field but a camera's serial has a default, so the
 * smallest rig a user writes by hand stays valid as fields are added. Unknown fields are refused, so a typo
 * is an error rather than a silently ignored setting. README.md documents every field.
 */
import { readFileSync } from 'node:fs';

import type { NativeSimCamera, NativeSimRig } from '../binding.js';
import { errorFrom, type PtpcamError } from '../errors.js';
import type { ErrorTemplate, Facts } from '../i18n/errorTemplate.js';
import { RIG_FILE } from '../i18n/errorText/rigFile.js';

/** What the host's ptp4l would report, for a simulated run's host check and timescale. */
export interface SimHost {
  role: 'grandmaster' | 'slave' | 'none';
  clockId: string;
  outsideGrandmasterId: string;
  ptpTimescale: boolean;
  currentUtcOffset: number;
}

export interface SimRig {
  host: SimHost;
  /** How long discovery takes, ms: a real rig waits for GigE Vision discovery replies (about a second). */
  discoveryMs: number;
  native: NativeSimRig;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const CLOCK_ID = /^[0-9a-f]{6}\.[0-9a-f]{4}\.[0-9a-f]{6}$/i;

export const CAMERA_DEFAULTS: Omit<NativeSimCamera, 'serial'> = {
  model: 'SimCam PTP',
  vendor: 'ptpcam-sim',
  interface: 'sim0',
  offsetNs: 0n,
  driftPpb: 0,
  latchJitterNs: 8,
  latency: { medianUs: 150, sigma: 0.25, tailProbability: 0.01, tailUs: 400, latchPoint: 0.5, latchPointJitter: 0.1 },
  features: 'ptp',
  ptpEnabled: true,
  role: 'slave',
  listeningMs: 300,
  uncalibratedMs: 700,
  enableLatencyMs: 0,
  servoOffsetNs: 40,
  faults: {
    stopAnsweringAtSample: -1,
    sdkTimeoutMs: 200,
    slowMs: 0,
    neverConverges: false,
    becomeMasterAfterMs: -1,
    faultyAfterMs: -1,
    grandmasterId: '',
    stopStreamingAtFrame: -1,
    missFrameProbability: 0,
    ignoreActions: false,
  },
  action: { supported: true, triggerLatencyNs: 1500, triggerJitterNs: 20, fanoutJitterNs: 500, tickHz: 1_000_000_000n },
};

export const HOST_DEFAULTS: SimHost = {
  role: 'grandmaster',
  clockId: '0a0b0c.fffe.0d0e0f',
  outsideGrandmasterId: '5c1a5c.fffe.000001',
  ptpTimescale: false,
  currentUtcOffset: 37,
};

class Reader {
  constructor(
    private readonly where: string,
    private readonly obj: JsonObject,
    allowed: readonly string[],
  ) {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) throw fail(RIG_FILE.unknownField, { field: key, where, allowed: allowed.join(', ') });
    }
  }

  private at(key: string): string {
    return `${this.where}.${key}`;
  }

  number(key: string, fallback: number, min = -Infinity, max = Infinity, integer = false): number {
    const v = this.obj[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(RIG_FILE.number, { field: this.at(key) });
    if (integer && !Number.isInteger(v)) throw fail(RIG_FILE.whole, { field: this.at(key) });
    if (v < min || v > max) throw fail(RIG_FILE.between, { field: this.at(key), min: String(min), max: String(max) });
    return v;
  }

  /** 64-bit nanoseconds: a JSON integer within 2^53 or a decimal string for anything larger. */
  bigint(key: string, fallback: bigint): bigint {
    const v = this.obj[key];
    if (v === undefined) return fallback;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
    if (typeof v === 'string' && /^-?\d{1,19}$/.test(v)) return BigInt(v);
    throw fail(RIG_FILE.nanoseconds, { field: this.at(key) });
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.obj[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') throw fail(RIG_FILE.boolean, { field: this.at(key) });
    return v;
  }

  string(key: string, fallback: string, pattern?: RegExp): string {
    const v = this.obj[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'string') throw fail(RIG_FILE.string, { field: this.at(key) });
    if (pattern && !pattern.test(v)) throw fail(RIG_FILE.invalid, { field: this.at(key), value: v });
    return v;
  }

  choice<T extends string>(key: string, fallback: T, choices: readonly T[]): T {
    const v = this.obj[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
      throw fail(RIG_FILE.choice, { field: this.at(key), choices: choices.join(', ') });
    }
    return v as T;
  }

  object(key: string): JsonObject {
    const v = this.obj[key];
    if (v === undefined) return {};
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw fail(RIG_FILE.object, { field: this.at(key) });
    return v;
  }
}

function fail<S extends string>(t: ErrorTemplate<S>, facts: Facts<S>): PtpcamError {
  return errorFrom(t, facts);
}

function parseCamera(value: Json, index: number): NativeSimCamera {
  const where = `cameras[${index}]`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail(RIG_FILE.object, { field: where });
  const r = new Reader(where, value, [
    'serial', 'model', 'vendor', 'interface', 'offsetNs', 'driftPpb', 'latchJitterNs', 'latency', 'features', 'ptpEnabled',
    'role', 'listeningMs', 'uncalibratedMs', 'enableLatencyMs', 'servoOffsetNs', 'faults', 'action',
  ]);
  const d = CAMERA_DEFAULTS;
  if (value.serial === undefined) throw fail(RIG_FILE.required, { field: `${where}.serial` });
  const serial = r.string('serial', '', /^[\x21-\x7e]{1,64}$/);
  const lat = new Reader(`${where}.latency`, r.object('latency'), [
    'medianUs', 'sigma', 'tailProbability', 'tailUs', 'latchPoint', 'latchPointJitter',
  ]);
  const fl = new Reader(`${where}.faults`, r.object('faults'), [
    'stopAnsweringAtSample', 'sdkTimeoutMs', 'slowMs', 'neverConverges', 'becomeMasterAfterMs', 'faultyAfterMs',
    'grandmasterId', 'stopStreamingAtFrame', 'missFrameProbability', 'ignoreActions',
  ]);
  const act = new Reader(`${where}.action`, r.object('action'), [
    'supported', 'triggerLatencyNs', 'triggerJitterNs', 'fanoutJitterNs', 'tickHz',
  ]);
  const tickHz = act.bigint('tickHz', d.action.tickHz);
  if (tickHz < 1n || tickHz > 10_000_000_000n) throw fail(RIG_FILE.between, { field: `${where}.action.tickHz`, min: '1', max: '10000000000' });
  const latchPoint = lat.number('latchPoint', d.latency.latchPoint, 0, 1);
  return {
    serial,
    model: r.string('model', d.model),
    vendor: r.string('vendor', d.vendor),
    interface: r.string('interface', d.interface),
    offsetNs: r.bigint('offsetNs', d.offsetNs),
    driftPpb: r.number('driftPpb', d.driftPpb, -1e6, 1e6),
    latchJitterNs: r.number('latchJitterNs', d.latchJitterNs, 0, 1e9),
    latency: {
      medianUs: lat.number('medianUs', d.latency.medianUs, 0, 10e6),
      sigma: lat.number('sigma', d.latency.sigma, 0, 5),
      tailProbability: lat.number('tailProbability', d.latency.tailProbability, 0, 1),
      tailUs: lat.number('tailUs', d.latency.tailUs, 0, 10e6),
      latchPoint,
      latchPointJitter: lat.number('latchPointJitter', d.latency.latchPointJitter, 0, Math.min(latchPoint, 1 - latchPoint)),
    },
    features: r.choice('features', d.features, ['ptp', 'gev1588', 'none'] as const),
    ptpEnabled: r.bool('ptpEnabled', d.ptpEnabled),
    role: r.choice('role', d.role, ['slave', 'master'] as const),
    listeningMs: r.number('listeningMs', d.listeningMs, 0, 3.6e6, true),
    uncalibratedMs: r.number('uncalibratedMs', d.uncalibratedMs, 0, 3.6e6, true),
    enableLatencyMs: r.number('enableLatencyMs', d.enableLatencyMs, 0, 60e3, true),
    servoOffsetNs: r.number('servoOffsetNs', d.servoOffsetNs, 0, 1e9),
    faults: {
      stopAnsweringAtSample: fl.number('stopAnsweringAtSample', d.faults.stopAnsweringAtSample, -1, Number.MAX_SAFE_INTEGER, true),
      sdkTimeoutMs: fl.number('sdkTimeoutMs', d.faults.sdkTimeoutMs, 0, 60e3, true),
      slowMs: fl.number('slowMs', d.faults.slowMs, 0, 600e3, true),
      neverConverges: fl.bool('neverConverges', d.faults.neverConverges),
      becomeMasterAfterMs: fl.number('becomeMasterAfterMs', d.faults.becomeMasterAfterMs, -1, 3.6e6, true),
      faultyAfterMs: fl.number('faultyAfterMs', d.faults.faultyAfterMs, -1, 3.6e6, true),
      grandmasterId: fl.string('grandmasterId', d.faults.grandmasterId, /^$|^[0-9a-f]{6}\.[0-9a-f]{4}\.[0-9a-f]{6}$/i),
      stopStreamingAtFrame: fl.number('stopStreamingAtFrame', d.faults.stopStreamingAtFrame, -1, Number.MAX_SAFE_INTEGER, true),
      missFrameProbability: fl.number('missFrameProbability', d.faults.missFrameProbability, 0, 1),
      ignoreActions: fl.bool('ignoreActions', d.faults.ignoreActions),
    },
    action: {
      supported: act.bool('supported', d.action.supported),
      triggerLatencyNs: act.number('triggerLatencyNs', d.action.triggerLatencyNs, 0, 1e9),
      triggerJitterNs: act.number('triggerJitterNs', d.action.triggerJitterNs, 0, 1e9),
      fanoutJitterNs: act.number('fanoutJitterNs', d.action.fanoutJitterNs, 0, 1e9),
      tickHz,
    },
  };
}

/** Validates a parsed rig document and fills in every default. */
export function parseRig(doc: unknown): SimRig {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw fail(RIG_FILE.topLevel, {});
  const top = new Reader('rig', doc as JsonObject, ['host', 'seed', 'discoveryMs', 'cameras']);
  const hostReader = new Reader('host', top.object('host'), [
    'role', 'clockId', 'outsideGrandmasterId', 'ptpTimescale', 'currentUtcOffset',
  ]);
  const host: SimHost = {
    role: hostReader.choice('role', HOST_DEFAULTS.role, ['grandmaster', 'slave', 'none'] as const),
    clockId: hostReader.string('clockId', HOST_DEFAULTS.clockId, CLOCK_ID).toLowerCase(),
    outsideGrandmasterId: hostReader.string('outsideGrandmasterId', HOST_DEFAULTS.outsideGrandmasterId, CLOCK_ID).toLowerCase(),
    ptpTimescale: hostReader.bool('ptpTimescale', HOST_DEFAULTS.ptpTimescale),
    currentUtcOffset: hostReader.number('currentUtcOffset', HOST_DEFAULTS.currentUtcOffset, 0, 1000, true),
  };
  const cams = (doc as JsonObject).cameras;
  if (!Array.isArray(cams) || cams.length === 0) throw fail(RIG_FILE.cameras, {});
  if (cams.length > 64) throw fail(RIG_FILE.tooMany, { max: '64' });
  const cameras = cams.map(parseCamera);
  const seen = new Set<string>();
  for (const c of cameras) {
    if (seen.has(c.serial)) throw fail(RIG_FILE.duplicate, { serial: c.serial });
    seen.add(c.serial);
  }
  const seed = top.number('seed', 1, 0, Number.MAX_SAFE_INTEGER, true);
  return {
    host,
    discoveryMs: top.number('discoveryMs', 0, 0, 600_000, true),
    native: {
      hostClockId: host.clockId,
      hostRole: host.role,
      outsideGrandmasterId: host.outsideGrandmasterId,
      seed: BigInt(seed),
      cameras,
    },
  };
}

export function readRigFile(path: string): SimRig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw fail(RIG_FILE.unreadable, { path, reason: why });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw fail(RIG_FILE.notJson, { path, reason: (e as Error).message });
  }
  return parseRig(doc);
}

/**
 * `--sim N`: N well-behaved cameras whose clocks differ by a few hundred nanoseconds, as PTP-locked cameras
 * on one switch do.
 */
export function simpleRig(count: number): SimRig {
  const cameras = Array.from({ length: count }, (_, i) => ({
    serial: `SIM${String(i + 1).padStart(5, '0')}`,
    offsetNs: ((i * 7919) % 500) - 250,
  }));
  return parseRig({ cameras });
}
