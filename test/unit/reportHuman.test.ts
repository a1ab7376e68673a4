import t from 'tap';
import type { RunSummary } from '../../src/analysis/types.js';
import { outcomeOf, type Outcome } from '../../src/analysis/runOutcome.js';
import { RunAnalyzer } from '../../src/analysis/runAnalyzer.js';
import type { CameraLatch } from '../../src/latch/types.js';
import {
  formatCameraLines,
  formatHostLine,
  formatRunIntervals,
  formatRunNotes,
  formatSample,
  formatSampleHeader,
  formatStatistics,
} from '../../src/report/human.js';

const serials = ['05520125', '05520126', '05520128', '05520129'];
const M = 1759801914898990080n; // median of the seed example: 05520125 reads M − 1631232 = 1759801914897358848
const seedDeltas = [-1631232n, -638208n, 638208n, 1601536n];
function seedSample(index: number, extra = 0n): CameraLatch[] {
  return seedDeltas.map((d, i) => {
    const fire = M - 200_000n + BigInt(index) * 200_000_000n + BigInt(i) * 100_000n;
    return { value: M + BigInt(index) * 200_000_000n + d + (i === 3 ? extra : 0n), fireNs: fire, ackNs: fire + 400_000n, error: null };
  });
}
const SEED_CAMERA = /^serial=\d{8}, camera_time_ns=\d{19}, delta_to_median_ms=[ -]\d+\.\d{6}, verdict=(OK|NG|UNCERTAIN|ERROR)/;
const SEED_STATS = /^serial=\d{8}, +mean_delta_ns=-?\d+, +stddev_ns=\d+, +max_abs_delta_ns=\d+, +verdict=(OK|NG|UNCERTAIN|NO_DATA)/;

/** The outcome of a run that completed, as timestat computes it. */
function done(s: RunSummary): Outcome {
  return outcomeOf({ summary: s, samplesPlanned: s.samples });
}

t.test('host line and header as the seed, simulated rig said so', async (t) => {
  t.equal(formatSampleHeader(0), '[Sample 1]');
  t.equal(
    formatHostLine({ role: 'Grandmaster', gmClockId: 'bcfce7.fffe.244daf', simulated: false }),
    'Ubuntu(host) PTP: role=Grandmaster, gmClockID=bcfce7.fffe.244daf',
  );
  t.equal(
    formatHostLine({ role: 'Grandmaster', gmClockId: 'aabbcc.fffe.000001', simulated: true }),
    'Host PTP (simulated rig): role=Grandmaster, gmClockID=aabbcc.fffe.000001',
  );
  t.equal(formatHostLine({ role: 'Slave', gmClockId: 'x', simulated: false, label: 'lab-pc' }), 'lab-pc PTP: role=Slave, gmClockID=x');
});

t.test('camera lines reproduce the seed example, then our fields', async (t) => {
  const a = new RunAnalyzer({ serials, thresholdNs: 100_000_000, timescale: { ptpTimescale: false, currentUtcOffsetS: 37, source: 'assumed' } });
  const s = a.add({ index: 0, cameras: seedSample(0) });
  const lines = formatSample(s, { role: 'Grandmaster', gmClockId: 'bcfce7.fffe.244daf', simulated: false }, { hostReference: true });
  t.equal(lines[0], '[Sample 1]');
  t.equal(lines[1], 'Ubuntu(host) PTP: role=Grandmaster, gmClockID=bcfce7.fffe.244daf');
  t.ok(lines[2]?.startsWith('serial=05520125, camera_time_ns=1759801914897358848, delta_to_median_ms=-1.631232, verdict=OK, corrected_delta_us='));
  t.match(lines[4], /delta_to_median_ms= 0\.638208, verdict=OK/);
  t.match(lines[5], /delta_to_median_ms= 1\.601536, verdict=OK/);
  for (const l of lines.slice(2)) {
    t.match(l, SEED_CAMERA);
    t.match(l, /corrected_delta_us= *-?\d+\.\d{3}±\d+\.\d{3}, host_offset_us= *-?\d+\.\d{3}, window_us=400\.000/);
  }
  const noHost = formatCameraLines(s, { hostReference: false });
  t.notMatch(noHost.join('\n'), /host_offset_us/);
});

t.test('error camera and flags stay aligned and labelled', async (t) => {
  const a = new RunAnalyzer({ serials, thresholdNs: 100_000_000, timescale: { ptpTimescale: false, currentUtcOffsetS: 37, source: 'sim' } });
  const cams = seedSample(0, 37_000_000_000n);
  cams[1] = { value: null, fireNs: M, ackNs: M + 1n, error: { code: 'ERR_CAMERA_TIMEOUT', sdkCode: 0, message: 'timeout' } };
  const lines = formatCameraLines(a.add({ index: 0, cameras: cams }), { hostReference: false });
  t.match(lines[1], /^serial=05520126, camera_time_ns=n\/a, +delta_to_median_ms= +n\/a, verdict=ERROR.*error=ERR_CAMERA_TIMEOUT: timeout$/);
  t.match(lines[3], /verdict=NG.*tai_utc_suspect=37s_vs_camera/);
  const col = (l: string): number => l.indexOf('delta_to_median_ms=');
  t.equal(new Set(lines.map(col)).size, 1, 'delta column starts at the same position on every line');
});

t.test('statistics block and run notes', async (t) => {
  const a = new RunAnalyzer({ serials, thresholdNs: 100_000_000, timescale: { ptpTimescale: true, currentUtcOffsetS: 37, source: 'pmc' } });
  for (let i = 0; i < 5; i++) a.add({ index: i, cameras: seedSample(i) });
  const s = a.summary();
  const st = formatStatistics(s, { hostReference: true });
  t.equal(st[0], '=== Statistics ===');
  // One block of five lines per camera: the seed's line, then raw, corrected, windows, drift.
  for (let c = 0; c < 4; c++) {
    const b = st.slice(1 + 5 * c, 6 + 5 * c);
    t.match(b[0], SEED_STATS);
    t.match(b[1], /^  raw: +p50_abs_ns=\d+, p95_abs_ns=\d+, p99_abs_ns=\d+$/);
    t.match(b[2], /^  corrected: corrected_mean_ns=-?\d+±\d+, corrected_stddev_ns=\d+/);
    t.match(b[3], /^  windows: +mean_window_ns=\d+, window_outliers=0, errors=0, host_offset_mean_ns=-?\d+$/);
    t.match(b[4], /^  drift: +drift_ppb=n\/a \(not reported: span 0\.\d+ s < 2 s\)$/, 'n/a says why');
    for (const l of b) t.ok(l.length <= 200, `${l.length} columns`);
  }
  t.match(st[1], /^serial=05520125, mean_delta_ns=-1631232, +stddev_ns=0, +max_abs_delta_ns=1631232, +verdict=OK/);
  t.equal(st[21], 'Max_abs_delta_ns=1631232');
  t.match(st[22], /^Max_abs_corrected_delta_ns=\d+$/);
  const notes = formatRunNotes(s, { hostReference: true }, done(s));
  t.match(notes.join('\n'), /Host reference: PTP timescale/);
  t.match(notes.join('\n'), /Window filter: 0 sample\(s\).*\(05520125: 0, 05520126: 0/);
  t.match(notes[notes.length - 1], /^Overall: OK \(exit 0\): all cameras within/);
  // Host is UTC, cameras are on UTC too but declared PTP timescale → 37 s vs host flagged.
  t.match(notes.join('\n'), /WARNING: serial=05520125 differs from host UTC .* ≈ -37 s .*probable TAI\/UTC mismatch/);
});

t.test('UNCERTAIN is reported as uncertainty, not a violation', async (t) => {
  const a = new RunAnalyzer({ serials: ['A', 'B', 'C'], thresholdNs: 1000, timescale: { ptpTimescale: false, currentUtcOffsetS: 0, source: 'sim' } });
  const mk = (off: bigint): CameraLatch => ({ value: M + 50n + off, fireNs: M, ackNs: M + 100n, error: null });
  a.add({ index: 0, cameras: [mk(0n), mk(0n), mk(950n)] });
  const notes = formatRunNotes(a.summary(), { hostReference: false }, done(a.summary()));
  t.match(notes[notes.length - 1], /^Overall: UNCERTAIN \(exit 2\): no measured violation, but the run's interval straddles the 1000 ns threshold for C \(950 ± n\/a ns/);
});

t.test('busy host and shifted reference are said in the run notes', async (t) => {
  const a = new RunAnalyzer({ serials: ['A', 'B', 'C'], thresholdNs: 100_000_000, timescale: { ptpTimescale: false, currentUtcOffsetS: 0, source: 'sim' } });
  const mk = (i: number, w: bigint, off: bigint): CameraLatch => {
    const fire = M + BigInt(i) * 10_000_000n;
    return { value: fire + w / 2n + off, fireNs: fire, ackNs: fire + w, error: null };
  };
  for (let i = 0; i < 40; i++) a.add({ index: i, cameras: [mk(i, 10_000n, 0n), mk(i, 10_000n, 100n), mk(i, 10_000n, 300n)] });
  const quiet = formatRunNotes(a.summary(), { hostReference: false }, done(a.summary())).join('\n');
  t.notMatch(quiet, /too busy/, 'a clean run raises no busy-host warning');
  t.notMatch(quiet, /^Reference:/m);
  const stats = formatStatistics(a.summary(), { hostReference: false });
  const intervals = formatRunIntervals(a.summary());
  t.match(intervals[0], /^=== Run-level intervals \(vs the median camera B, at t=\+0\.195 s, the middle of the run\) ===$/);
  t.match(intervals[1], /^serial=A, +estimate_us=-0\.100±0\.000, +strict_us=\[-10\.102, \+9\.702\], +strict_vs_B_us=\[-10\.102, \+9\.902\] \(40 samples, 0 rejected\), +verdict=OK \(by strict\)$/);
  // Now 14 of every 20 samples of camera C come with a window 10x its median: 42 of 300 windows, 14 %.
  for (let i = 40; i < 100; i++) {
    const slow = i % 20 < 14;
    a.add({ index: i, cameras: [mk(i, 10_000n, 0n), mk(i, 10_000n, 100n), mk(i, slow ? 100_000n : 10_000n, 300n)] });
  }
  const busy = formatRunNotes(a.summary(), { hostReference: false }, done(a.summary())).join('\n');
  t.match(busy, /WARNING: \d+ % of latch windows were over 3x their camera's median: the host was too busy/);
  t.match(busy, /^Reference: \d+ sample\(s\) had an outlier camera out of the median reference/m);
});

t.test('drift is shown against the host and, with three fitted cameras, against the rig', async (t) => {
  const a = new RunAnalyzer({ serials: ['A', 'B', 'C'], thresholdNs: 100_000_000, timescale: { ptpTimescale: false, currentUtcOffsetS: 0, source: 'sim' } });
  for (let i = 0; i < 300; i++) {
    const t0 = BigInt(i) * 10_000_000n;
    const mk = (ppb: bigint): CameraLatch => {
      const fire = M + t0;
      return { value: fire + 500n + (t0 * ppb) / 1_000_000_000n, fireNs: fire, ackNs: fire + 1000n, error: null };
    };
    a.add({ index: i, cameras: [mk(0n), mk(1000n), mk(0n)] });
  }
  const stats = formatStatistics(a.summary(), { hostReference: false });
  t.match(stats[10], /^  drift: +drift_ppb=1000\.0±0\.0 \(rms_ns=\d+, vs_rig_ppb=1000\.0\)$/);
  t.match(stats[5], /^  drift: +drift_ppb=0\.0±0\.0 \(rms_ns=\d+, vs_rig_ppb=0\.0\)$/);
});
