/** Synthetic runs and helpers shared by the report tests. */
import { writeFileSync } from 'node:fs';

import { syntheticRun, type SyntheticRunOptions } from '../../../src/report/html/syntheticRun.js';

export const HOSTILE_SERIAL = '</script><script>window.__pwned=1</script>';
export const IMG_SERIAL = '<img src=x onerror="window.__pwned=2">';

export function runLines(opts: SyntheticRunOptions): string[] {
  const lines: string[] = [];
  syntheticRun(opts, (l) => lines.push(l));
  return lines;
}

export function writeLines(path: string, lines: readonly string[], trailingNewline = true): void {
  writeFileSync(path, lines.join('\n') + (trailingNewline ? '\n' : ''));
}

/** A rig with one drifting camera, a host stall, a camera failing for a while and two hostile serials. */
export function labRun(samples = 3000): SyntheticRunOptions {
  return {
    samples,
    intervalNs: 2_000_000,
    seed: 7,
    cameras: [
      { serial: 'CAM-A', offsetNs: 400 },
      { serial: 'CAM-B', driftPpb: 2000 },
      { serial: HOSTILE_SERIAL, offsetNs: -300, failing: [200, 215] },
      { serial: IMG_SERIAL, offsetNs: 150 },
    ],
    stall: { from: Math.floor(samples * 0.6), to: Math.floor(samples * 0.6) + 15, stallNs: 4_000_000 },
    extra: {
      method: 'latch',
      host: { role: 'Grandmaster', clockId: '0a0b0c.fffe.0d0e0f', gmClockId: '0a0b0c.fffe.0d0e0f', simulated: true },
      ptpWarnings: ['camera <b>CAM-B</b> drifts'],
      cameraPtp: {
        start: [{ serial: 'CAM-A', status: 'Slave', servo: 'Locked', offsetFromMasterNs: '12', grandmasterClockId: '0a0b0c.fffe.0d0e0f' }],
        end: [{ serial: 'CAM-A', status: 'Uncalibrated', servo: null, offsetFromMasterNs: null, grandmasterClockId: null }],
      },
    },
  };
}

/** Expected per-camera figures, computed straight from the lines with JSON.parse (independent of the report's reader). */
export interface Expected {
  serials: string[];
  maxDelta: Map<string, number>;
  minDelta: Map<string, number>;
  maxWindow: Map<string, number>;
  errors: Map<string, number>;
  histogram: Map<string, number>;
  samples: number;
}

interface Cam {
  serial: string;
  value: string | null;
  correctedDeltaNs: number | null;
  windowNs: number;
  windowOutlier: boolean;
  error: unknown;
}

export function expected(lines: readonly string[]): Expected {
  const e: Expected = { serials: [], maxDelta: new Map(), minDelta: new Map(), maxWindow: new Map(), errors: new Map(), histogram: new Map(), samples: 0 };
  for (const l of lines) {
    const o = JSON.parse(l) as { type: string; referenceShifted?: boolean; cameras: Cam[] };
    if (o.type !== 'sample') continue;
    e.samples++;
    for (const c of o.cameras) {
      if (!e.serials.includes(c.serial)) e.serials.push(c.serial);
      if (c.error !== null || c.value === null) {
        e.errors.set(c.serial, (e.errors.get(c.serial) ?? 0) + 1);
        continue;
      }
      const d = c.correctedDeltaNs as number;
      e.maxDelta.set(c.serial, Math.max(e.maxDelta.get(c.serial) ?? -Infinity, d));
      e.minDelta.set(c.serial, Math.min(e.minDelta.get(c.serial) ?? Infinity, d));
      e.maxWindow.set(c.serial, Math.max(e.maxWindow.get(c.serial) ?? -Infinity, c.windowNs));
      if (!c.windowOutlier && o.referenceShifted !== true) e.histogram.set(c.serial, (e.histogram.get(c.serial) ?? 0) + 1);
    }
  }
  return e;
}

/** The page's data island, parsed. */
export function pageData(html: string): PageDataView {
  const m = /<script type="application\/json" id="ptpcam-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no data island');
  return JSON.parse(m[1] as string) as PageDataView;
}

export interface PageDataView {
  t: number[];
  cams: { serial: string; color: string; dMin: (number | null)[]; dMax: (number | null)[]; wMax: (number | null)[]; err: number[] }[];
  hist: { x: number[]; counts: number[][] };
}
