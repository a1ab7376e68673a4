import { join } from 'node:path';

import t from 'tap';

import { isOneLineError, jsonLines, repoRoot, runCli, tempDir, writeRig } from '../support/cli.js';
import type { SampleRecord } from '../support/timestatJson.js';

t.test('--sim 4 --samples 1000 --json: 1001 valid JSON lines, exact 64-bit values, exit 0', async (t) => {
  const r = await runCli(['timestat', '--sim', '4', '--samples', '1000', '--json']);
  t.equal(r.code, 0, r.stderr);
  const lines = jsonLines(r.stdout);
  t.equal(lines.length, 1001);
  const samples = lines.slice(0, 1000) as unknown as SampleRecord[];
  t.same(samples.map((s) => s.index), Array.from({ length: 1000 }, (_, i) => i));
  for (const s of samples.slice(0, 50)) {
    t.equal(s.type, 'sample');
    t.equal(s.cameras.length, 4);
    for (const c of s.cameras) {
      t.match(c.value, /^\d{19}$/, 'latched values are decimal strings of epoch ns');
      t.ok(BigInt(c.fireNs) <= BigInt(c.ackNs));
    }
  }
  const summary = lines[1000]!;
  t.equal(summary.type, 'summary');
  t.equal(summary.reason, 'completed');
  t.equal(summary.exitCode, 0);
  t.equal(summary.simulated, true, 'a simulated run says so');
  t.equal(summary.samples, 1000);
});

t.test('the latch instant lies inside each camera fire/ack window, for both strategies', async (t) => {
  const dir = tempDir(t);
  const offsets = [0, 3000, -20000, 1000000];
  const rig = writeRig(dir, 'rig.json', {
    cameras: offsets.map((o, i) => ({ serial: `OFF${i}`, offsetNs: o, latchJitterNs: 0 })),
  });
  for (const strategy of ['parallel', 'sequential']) {
    const r = await runCli(['timestat', '--sim', rig, '--samples', '200', '--json', '--strategy', strategy, '--threshold-ns', '10000000000']);
    t.equal(r.code, 0, r.stderr);
    const samples = jsonLines(r.stdout).slice(0, 200) as unknown as SampleRecord[];
    let inside = 0;
    for (const s of samples) {
      s.cameras.forEach((c, i) => {
        const camTime = BigInt(c.value!) - BigInt(offsets[i]!);
        if (camTime >= BigInt(c.fireNs) && camTime <= BigInt(c.ackNs)) inside++;
      });
    }
    t.equal(inside, 800, `${strategy}: every latched value minus its injected offset is within [fire, ack]`);
    const summary = jsonLines(r.stdout)[200] as { cameras: { serial: string; corrected: { meanNs: number }; correctedMeanUncertaintyNs: number }[] };
    const median = [...offsets].sort((a, b) => a - b);
    const ref = (median[1]! + median[2]!) / 2;
    for (const [i, cam] of summary.cameras.entries()) {
      const truth = offsets[i]! - ref;
      t.ok(
        Math.abs(cam.corrected.meanNs - truth) <= cam.correctedMeanUncertaintyNs,
        `${strategy} ${cam.serial}: corrected mean ${cam.corrected.meanNs} within ±${cam.correctedMeanUncertaintyNs} of truth ${truth}`,
      );
    }
  }
});

t.test('exit 2 when a camera exceeds the threshold; human output in the seed format', async (t) => {
  const dir = tempDir(t);
  // 500 ms against a 100 ms threshold: NG with certainty even when a loaded machine stretches latch windows to
  // tens of milliseconds (the verdict would rightly be UNCERTAIN with a margin smaller than the window).
  const rig = writeRig(dir, 'rig.json', { cameras: [{ serial: 'A1' }, { serial: 'A2' }, { serial: 'A3', offsetNs: 500000000 }] });
  const r = await runCli(['timestat', '--sim', rig, '--samples', '3', '--threshold-ns', '100000000']);
  t.equal(r.code, 2, r.stderr);
  t.match(r.stdout, /^\[Sample 1\]$/m);
  t.match(r.stdout, /^Host PTP \(simulated rig\): role=Grandmaster, gmClockID=0a0b0c\.fffe\.0d0e0f$/m);
  t.match(r.stdout, /^serial=A3, camera_time_ns=\d{19}, delta_to_median_ms= (49\d|50\d)\.\d{6}, verdict=NG/m);
  t.match(r.stdout, /^=== Statistics ===$/m);
  t.match(r.stdout, /^Max_abs_delta_ns=\d+$/m);
});

t.test('exit 1 when a camera stops answering; the others keep sampling and the summary names it', async (t) => {
  const dir = tempDir(t);
  const rig = writeRig(dir, 'rig.json', {
    cameras: [{ serial: 'B1' }, { serial: 'B2', faults: { stopAnsweringAtSample: 5, sdkTimeoutMs: 20 } }, { serial: 'B3' }],
  });
  const r = await runCli(['timestat', '--sim', rig, '--samples', '20', '--json']);
  t.equal(r.code, 1);
  const lines = jsonLines(r.stdout);
  t.equal(lines.length, 21);
  const samples = lines.slice(0, 20) as unknown as SampleRecord[];
  for (const s of samples) {
    t.equal(s.cameras[1]!.error?.code ?? null, s.index >= 5 ? 'ERR_CAMERA_TIMEOUT' : null, `sample ${s.index}`);
    t.ok(s.cameras[0]!.value !== null && s.cameras[2]!.value !== null);
  }
  const summary = lines[20] as { exitCode: number; cameras: { serial: string; errorCount: number }[] };
  t.equal(summary.exitCode, 1);
  t.equal(summary.cameras.find((c) => c.serial === 'B2')?.errorCount, 15);
});

t.test('bad input: one clear line and exit 1, never a stack trace', async (t) => {
  const dir = tempDir(t);
  const malformed = writeRig(dir, 'bad.json', '{"cameras": [');
  const unknownField = writeRig(dir, 'typo.json', { cameras: [{ serial: 'X', ofsetNs: 5 }] });
  const noSerial = writeRig(dir, 'noserial.json', { cameras: [{ offsetNs: 5 }] });
  const cases: [string[], RegExp][] = [
    [['--samples', '0'], /--samples must be between 1/],
    [['--samples', '-5'], /--samples/],
    [['--samples', 'many'], /--samples must be a whole number/],
    [['--threshold-ns', '-1'], /--threshold-ns/],
    [['--serials', 'NOPE'], /unknown serial NOPE/],
    [['--interval-ms', 'x'], /--interval-ms/],
    [['--strategy', 'diagonal'], /strategy/i],
    [['--sim', join(dir, 'missing.json')], /cannot read .*missing\.json/],
    [['--sim', malformed], /not valid JSON/],
    [['--sim', unknownField], /unknown field 'ofsetNs'/],
    [['--sim', noSerial], /serial is required/],
    [['--bogus-flag'], /Unknown argument/i],
  ];
  for (const [extra, message] of cases) {
    const args = ['timestat', '--sim', '2', ...extra];
    const r = await runCli(args);
    t.equal(r.code, 1, args.join(' '));
    t.ok(isOneLineError(r.stderr), `one line for ${args.join(' ')}: ${r.stderr}`);
    t.match(r.stderr, message);
  }
});

t.test('chktimestat alias runs timestat with the seed options', async (t) => {
  const r = await runCli(['--sim', '2', '--samples', '2', '--interval-ms', '10'], { script: join(repoRoot, 'dist', 'cli', 'chktimestat.js') });
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /\[Sample 2\]/);
});
