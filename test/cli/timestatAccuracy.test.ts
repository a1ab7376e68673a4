/**
 * The run-level figures against the injected truth, through the real latch engine on simulated cameras that
 * differ (round trip, jitter, latch point): tests that fail on a bias far smaller than one sample's window.
 */
import t, { type Test } from 'tap';

import { jsonLines, runCli, tempDir, writeRig } from '../support/cli.js';

interface CameraSummary {
  serial: string;
  verdict: string;
  offsetVsMedian: { deltaNs: number; uncertaintyNs: number | null } | null;
  strictVsMedian: { lowNs: number; highNs: number } | null;
  strictVsReference: { referenceSerial: string; lowNs: number; highNs: number } | null;
}

const OFFSETS = [0, 3000, -20000, 500];
// The 1 ms camera is not one of the two median cameras: see the 1 ms note in the first test.
const MEDIANS = [90, 150, 1000, 400];

function truth(offsets: number[]): number[] {
  const s = [...offsets].sort((a, b) => a - b);
  const m = (s[1]! + s[2]!) / 2;
  return offsets.map((o) => o - m);
}

async function summaryOf(t: Test, rig: unknown, args: string[]): Promise<{ code: number | null; stdout: string; cams: CameraSummary[]; reason: string }> {
  const dir = tempDir(t);
  const r = await runCli(['timestat', '--sim', writeRig(dir, 'rig.json', rig), '--json', ...args]);
  const lines = jsonLines(r.stdout);
  const s = lines[lines.length - 1] as { cameras: CameraSummary[]; verdictReason: string };
  return { code: r.code, stdout: r.stdout, cams: s.cameras, reason: s.verdictReason };
}

t.test('symmetric paths, round trips 90 µs to 1 ms: estimates hit the truth at the figure they claim', async (t) => {
  const rig = {
    seed: 4,
    cameras: OFFSETS.map((o, i) => ({ serial: `M${i}`, offsetNs: o, latchJitterNs: [8, 50, 200, 8][i], latency: { medianUs: MEDIANS[i] } })),
  };
  const { cams } = await summaryOf(t, rig, ['--samples', '1500', '--threshold-ns', '100000000']);
  const want = truth(OFFSETS);
  cams.forEach((c, i) => {
    const e = c.offsetVsMedian!;
    const err = Math.abs(e.deltaNs - want[i]!);
    if (MEDIANS[i]! <= 400) {
      // The ± is a 99 % interval; 1.5× it is a 4σ bound, so this fails on a real bias, not on bad luck.
      t.ok(err <= 1.5 * e.uncertaintyNs!, `${c.serial}: error ${err.toFixed(0)} ns within 1.5 × ±${e.uncertaintyNs!.toFixed(0)}`);
      // The 2 µs target is a quiet machine's (npm run bench verdicts); a loaded CI machine widens the ± honestly,
      // so this test holds the tool to the ± it states, whatever that is.
    } else {
      // A known limit, stated in the README: the host wakes the thread of a 1 ms round trip a few µs later
      // than a 90 µs one's (one-sided, so the symmetric-path assumption does not hold for the host's own
      // stamping): 2–4 µs of bias measured on a busy 2-core VM, which the ± does not contain.
      t.ok(err <= 1.5 * e.uncertaintyNs! + 10_000, `${c.serial}: error ${err.toFixed(0)} ns within 1.5 × ±${e.uncertaintyNs!.toFixed(0)} + 10 µs (1 ms round trip)`);
    }
    const b = c.strictVsMedian!;
    t.ok(b.lowNs <= want[i]! && want[i]! <= b.highNs, `${c.serial}: truth ${want[i]} in strict [${b.lowNs.toFixed(0)}, ${b.highNs.toFixed(0)}]`);
  });
});

t.test('asymmetric paths: the strict bound still holds; the report says what the estimate assumes', async (t) => {
  const points = [0.2, 0.8, 0.35, 0.65];
  const rig = { seed: 9, cameras: OFFSETS.map((o, i) => ({ serial: `A${i}`, offsetNs: o, latency: { medianUs: 150, latchPoint: points[i] } })) };
  const { cams } = await summaryOf(t, rig, ['--samples', '1000', '--threshold-ns', '100000000']);
  const want = truth(OFFSETS);
  cams.forEach((c, i) => {
    const b = c.strictVsMedian!;
    t.ok(b.lowNs <= want[i]! && want[i]! <= b.highNs, `${c.serial}: truth ${want[i]} in strict [${b.lowNs.toFixed(0)}, ${b.highNs.toFixed(0)}]`);
    const r = c.strictVsReference!;
    t.ok(r.lowNs <= r.highNs);
  });
  // A0 latches at 20 % of a 150 µs trip, A1 at 80 %: their midpoints are off by about ∓45 µs, which the estimate
  // cannot see. It lies outside its own 99 % ±: this is what the symmetric-path assumption means.
  const a0 = cams[0]!.offsetVsMedian!;
  t.ok(Math.abs(a0.deltaNs - want[0]!) > a0.uncertaintyNs!, `A0's estimate is biased outside its own ±: ${a0.deltaNs.toFixed(0)} ± ${a0.uncertaintyNs!.toFixed(0)} vs ${want[0]}`);
  const dir = tempDir(t);
  const human = await runCli(['timestat', '--sim', writeRig(dir, 'rig.json', rig), '--samples', '300']);
  t.match(human.stdout, /^estimate: .*assumes each command reaches the camera after the same share of its round trip on average \(symmetric paths/m);
});

t.test('verdicts at 20 µs on a mixed rig: ±300 ns passes, one camera at +40 µs fails by name', async (t) => {
  const healthy = [0, 200, -300, 100];
  // V2 (+40 µs) has the 1 ms round trip here.
  const rigOf = (o: number[]): unknown => ({ cameras: o.map((x, i) => ({ serial: `V${i}`, offsetNs: x, latency: { medianUs: MEDIANS[i] } })) });
  const ok = await summaryOf(t, rigOf(healthy), ['--samples', '2000', '--threshold-ns', '20000']);
  t.same(ok.cams.filter((c) => c.verdict === 'NG').map((c) => c.serial), [], 'never a false violation');
  // Exit 0 needs every ± below the 19.7 µs margin: true on a quiet machine (npm run bench verdicts: ±1–4 µs);
  // a CI machine loaded to a 20 µs ± must say UNCERTAIN instead, and that is right too.
  const widest = Math.max(...ok.cams.map((c) => c.offsetVsMedian?.uncertaintyNs ?? Infinity));
  if (widest <= 15_000) t.equal(ok.code, 0, `${ok.reason} (widest ± ${widest.toFixed(0)} ns)`);
  else t.comment(`host too busy to resolve 20 µs (widest ± ${widest.toFixed(0)} ns): ${ok.reason}`);
  const bad = await summaryOf(t, rigOf(healthy.map((x, i) => (i === 2 ? x + 40_000 : x))), ['--samples', '2000', '--threshold-ns', '20000']);
  t.equal(bad.code, 2, bad.reason);
  t.same(bad.cams.filter((c) => c.verdict === 'NG').map((c) => c.serial), ['V2']);
  t.match(bad.reason, /^measured violation: V2 /);
});
