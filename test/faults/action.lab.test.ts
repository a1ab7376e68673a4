/**
 * Fault rows of the action-command method against virtual GigE Vision cameras over Aravis in the namespace lab:
 * a camera that stops streaming mid-run, one that ignores the action (its device key never matches), SIGINT
 * during acquisition, and a camera without action support. The run is test/action/harness.ts (the action run
 * with arming and restore, until `timestat --method action` is wired), in the lab's host namespace; its exit
 * codes follow the latch method's rule. Settings are verified by reading them back over a fresh connection.
 * Needs root, iproute2, libaravis-0.8 and a C compiler (the lab's stamping helper); skips locally, fails under CI.
 */
import t from 'tap';

import { requireRootLab } from '../support/netns.js';
import { startLabOrFail, type VirtualLab } from '../lab/VirtualLab.js';
import { parseJsonLines, row, skippedRow, spawnTracked, type RowId } from './support.js';

const ROWS: RowId[] = ['action-stops-streaming', 'action-wrong-key', 'action-sigint', 'action-unsupported', 'action-camera-lost'];
const HARNESS = new URL('../action/harness.ts', import.meta.url).pathname;
const TSX = import.meta.resolve('tsx');

type Line = Record<string, unknown> & { type: string };
interface Cam {
  serial: string;
  value: string | null;
  error: { code: string; message: string } | null;
}

function harness(lab: VirtualLab, opts: object, timeoutMs = 90_000) {
  return spawnTracked('ip', ['netns', 'exec', lab.hostNs, process.execPath, '--import', TSX, HARNESS, JSON.stringify({ backend: 'aravis', ...opts })], {
    timeoutMs,
  });
}

async function readback(lab: VirtualLab, serials: string[]): Promise<unknown> {
  const r = await harness(lab, { mode: 'readback', serials }).done;
  return (parseJsonLines(r.stdout).records as Line[]).find((l) => l.type === 'readback')?.['cameras'];
}

if (!requireRootLab(t, ['cc'])) {
  for (const id of ROWS) skippedRow(id, 'needs root, ip netns, libaravis-0.8 and cc');
} else {
  const lab = await startLabOrFail(t, [
    { serial: 'AOK00001' },
    { serial: 'AOK00002' },
    { serial: 'ASTOPS01', faults: { stopStreamingAfterFrames: 20 } },
    { serial: 'AWRONGK1', faults: { ignoreActions: true } },
    { serial: 'ANOACT01', actions: false },
    { serial: 'ALOST001' },
  ]);
  if (lab) {
    t.teardown(() => lab.teardown());

    t.test('a camera that stops streaming mid-run', async (t) => {
      const r = row(t, 'action-stops-streaming');
      const serials = ['AOK00001', 'AOK00002', 'ASTOPS01'];
      const before = await readback(lab, serials);
      // Timeouts leave a loaded machine room: only the injected faults may cost a frame.
      const run = await harness(lab, { serials, samples: 40, intervalMs: 1, timeoutMs: 500 }).done;
      const lines = parseJsonLines(run.stdout).records as Line[];
      const samples = lines.filter((l) => l.type === 'sample');
      const summary = lines.find((l) => l.type === 'summary');
      const stops = samples.map((s) => (s['cameras'] as Cam[])[2]!);
      const firstMiss = stops.findIndex((c) => c.error !== null);
      const othersOk = samples.every((s) => (s['cameras'] as Cam[]).slice(0, 2).every((c) => c.value !== null));
      t.equal(run.code, 1, 'exit 1: a camera failed in some samples');
      t.equal(samples.length, 40);
      t.equal(firstMiss, 20, 'the first 20 frames arrived, then every sample names the camera');
      t.ok(stops.slice(20).every((c) => c.error?.code === 'ERR_FRAME_MISSED' && /ASTOPS01: no frame for action/.test(c.error.message)));
      t.ok(othersOk, 'the other cameras are still compared in every sample');
      t.match(summary, { restored: true, errors: { AOK00001: 0, AOK00002: 0, ASTOPS01: 20 } });
      t.same(await readback(lab, serials), before, 'every setting read back as before');
      r.observed = `exit ${run.code}; ASTOPS01 ERR_FRAME_MISSED from sample ${firstMiss} (${stops[firstMiss]?.error?.message ?? '-'}); others measured in all ${samples.length}; restored`;
    });

    t.test('a camera that ignores the action (wrong key)', async (t) => {
      const r = row(t, 'action-wrong-key');
      const serials = ['AOK00001', 'AWRONGK1'];
      const run = await harness(lab, { serials, samples: 6, intervalMs: 1, timeoutMs: 500, ack: true }).done;
      const lines = parseJsonLines(run.stdout).records as Line[];
      const samples = lines.filter((l) => l.type === 'sample');
      const wrong = samples.map((s) => (s['cameras'] as Cam[])[1]!);
      t.equal(run.code, 1);
      t.equal(samples.length, 6);
      t.ok(wrong.every((c) => c.error?.code === 'ERR_FRAME_MISSED' && /AWRONGK1.*no ACTION_ACK either/.test(c.error.message)), wrong[0]?.error?.message ?? '');
      t.ok(samples.every((s) => (s['cameras'] as Cam[])[0]!.value !== null), 'the other camera is compared in every sample');
      t.match(lines.find((l) => l.type === 'summary'), { restored: true });
      r.observed = `exit ${run.code}; every sample: ${wrong[0]?.error?.message ?? '-'}`;
    });

    t.test('SIGINT during acquisition restores every setting', async (t) => {
      const r = row(t, 'action-sigint');
      const serials = ['AOK00001', 'AOK00002'];
      await harness(lab, { mode: 'scramble', serials }).done;
      const before = await readback(lab, serials);
      const p = harness(lab, { serials, samples: 1_000_000, intervalMs: 1, timeoutMs: 1000 });
      await p.lines(20); // armed, then samples: the cameras are acquiring
      p.kill('SIGINT');
      const run = await p.done;
      const lines = parseJsonLines(run.stdout).records as Line[];
      const summary = lines.find((l) => l.type === 'summary');
      t.equal(run.code, 130, 'exit 130');
      t.match(summary, { reason: 'interrupted', end: 'stopped', restored: true });
      t.same(summary?.['readback'], before, 'the run read every setting back as it was');
      t.same(await readback(lab, serials), before, 'and a fresh connection reads the same');
      r.observed = `exit ${run.code} after ${String(summary?.['samplesDone'])} samples; restored: ${String(summary?.['restored'])}; read back equal`;
    });

    t.test('a camera lost mid-run: named in every later sample, the others restored', async (t) => {
      const r = row(t, 'action-camera-lost');
      const serials = ['AOK00002', 'ALOST001'];
      const before = await readback(lab, ['AOK00002']);
      const p = harness(lab, { serials, samples: 60, intervalMs: 5, timeoutMs: 500 }, 180_000);
      await p.lines(31); // armed + 30 samples
      process.kill(lab.cameras.find((c) => c.serial === 'ALOST001')!.pid, 'SIGKILL');
      const run = await p.done;
      const lines = parseJsonLines(run.stdout).records as Line[];
      const samples = lines.filter((l) => l.type === 'sample');
      const summary = lines.find((l) => l.type === 'summary');
      const lost = samples.map((s) => (s['cameras'] as Cam[])[1]!);
      const firstMiss = lost.findIndex((c) => c.error !== null);
      t.equal(run.code, 1);
      t.equal(samples.length, 60, 'the run went on to the end');
      t.ok(firstMiss >= 30 && lost.slice(firstMiss).every((c) => c.error?.code === 'ERR_FRAME_MISSED' && /ALOST001/.test(c.error.message)), `named from sample ${firstMiss} on`);
      const otherMissed = samples.filter((s) => (s['cameras'] as Cam[])[0]!.value === null);
      t.same(otherMissed.map((s) => s.index), [], `the other camera is compared in every sample ${JSON.stringify(otherMissed[0] ?? '')}`);
      t.match(summary, { restored: false, restoreError: /ALOST001/ });
      t.notMatch(String(summary?.['restoreError']), /AOK00002/, 'the camera that is still there was restored');
      t.same(await readback(lab, ['AOK00002']), before, 'and reads back as before');
      r.observed = `exit ${run.code}; ALOST001 ERR_FRAME_MISSED from sample ${firstMiss}; AOK00002 measured in all ${samples.length} and restored; restore error: ${String(summary?.['restoreError']).slice(0, 160)}`;
    });

    t.test('a camera without action support', async (t) => {
      const r = row(t, 'action-unsupported');
      const serials = ['AOK00001', 'ANOACT01'];
      const before = await readback(lab, ['AOK00001']);
      const run = await harness(lab, { serials, samples: 5 }).done;
      t.equal(run.code, 1);
      t.match(run.stderr, /camera ANOACT01 cannot take action commands: it has no ActionDeviceKey feature; use --method latch/);
      t.notMatch(run.stdout, /"type":"sample"/, 'no sample taken');
      t.same(await readback(lab, ['AOK00001']), before, 'the supported camera was not touched');
      r.observed = `exit ${run.code}: ${run.stderr.trim()}`;
    });
  }
}
