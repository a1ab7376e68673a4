/** The rig's PTP state in the timestat report: host role and each camera's state, judged as `check` judges. */
import t, { type Test } from 'tap';

import { jsonLines, runCli, tempDir, writeRig } from '../support/cli.js';

async function warnings(t: Test, rig: unknown): Promise<{ human: string; json: string[]; code: number | null }> {
  const dir = tempDir(t);
  const path = writeRig(dir, 'rig.json', rig);
  const h = await runCli(['timestat', '--sim', path, '--samples', '3']);
  const j = await runCli(['timestat', '--sim', path, '--samples', '3', '--json']);
  const lines = jsonLines(j.stdout);
  const s = lines[lines.length - 1] as { ptpWarnings: string[] };
  t.notMatch(h.stderr, /^\{/m, 'no raw JSON log line on stderr');
  return { human: h.stdout, json: s.ptpWarnings, code: h.code };
}

t.test('a healthy rig has no warning', async (t) => {
  const w = await warnings(t, { cameras: [{ serial: 'A' }, { serial: 'B' }] });
  t.same(w.json, []);
  t.notMatch(w.human, /WARNING: PTP/);
  t.match(w.human, /^serial=A, start=Slave\/Locked gm=0a0b0c\.fffe\.0d0e0f/m, 'state and grandmaster at start and end');
});

t.test('host not the grandmaster', async (t) => {
  const w = await warnings(t, { host: { role: 'slave' }, cameras: [{ serial: 'A' }, { serial: 'B' }] });
  // The cameras follow the outside grandmaster the host follows, so the rig is in sync; but the seed measured
  // only with the host as grandmaster (stepsRemoved 0), so the report says the host is not.
  t.same(w.json, ['start: the host is not the PTP grandmaster (role Slave, grandmaster 5c1a5c.fffe.000001); the seed required stepsRemoved 0']);
  t.match(w.human, /^WARNING: PTP at start: the host is not the PTP grandmaster/m);
  t.equal(w.code, 0, 'a warning, not a failure: the clocks can still be compared');
});

t.test('a camera with PTP disabled, and one following another grandmaster', async (t) => {
  const w = await warnings(t, {
    cameras: [{ serial: 'A' }, { serial: 'OFF', ptpEnabled: false }, { serial: 'ALIEN', faults: { grandmasterId: '123456.fffe.abcdef' } }],
  });
  t.match(w.json.join('\n'), /start: camera OFF .*[Dd]isabled/);
  t.match(w.json.join('\n'), /start: camera ALIEN follows grandmaster 123456\.fffe\.abcdef/);
  t.match(w.human, /^WARNING: PTP at start: camera ALIEN follows grandmaster 123456\.fffe\.abcdef/m);
  t.match(w.human, /^WARNING: PTP at end: camera ALIEN/m, 'judged again at the end');
});
