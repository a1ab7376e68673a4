// `ptpcam check --backend aravis` end to end: four virtual GigE Vision cameras in the namespace lab, each
// following a real slave-only ptp4l of its own, and the host's real ptp4l (free_running) as grandmaster.
// ptpcam runs only inside the lab's host namespace, so discovery and GVCP never leave the lab.
//
// One lab for the whole file; the subtests run in order and build on each other:
//   a. every camera Slave of the host           → converged, exit 0
//   c. host ptp4l frozen (SIGSTOP) mid-run        → ptp4l not answering, cameras lose the GM, exit 2
//      … and after SIGCONT it converges again     → exit 0
//   b. one camera replaced by a scripted Master   → camera-master-beside-host, exit 2
//   c'. host ptp4l killed (SIGKILL) mid-run       → ptp4l not running, cameras Listening, exit 2
import t, { type Test } from 'tap';

import { cliMain } from '../support/cli.js';
import { requireRootLab } from '../support/netns.js';
import { startLabOrFail, type ExecResult, type VirtualLab } from '../lab/VirtualLab.js';
import { waitForLine } from '../support/waitForLine.js';

interface CheckCamera {
  serial: string;
  ptp: string;
  state: string | null;
  status: string;
  grandmasterId: string | null;
  clockId: string | null;
}
interface CheckProblem {
  code: string;
  blocking: boolean;
  serials: string[];
  message: string;
  detail?: string;
}
interface CheckDoc {
  type: string;
  converged: boolean;
  exitCode: number;
  leader: string;
  timedOut: boolean;
  backend: string;
  simulated: boolean;
  detected: number;
  host: { mode: string; clockId: string | null; grandmasterId: string | null; error: { code: string; message: string } | null };
  cameras: CheckCamera[];
  masters: string[];
  slaves: string[];
  problems: CheckProblem[];
}

/** `check --json` prints exactly one JSON document on stdout. */
function parseDoc(r: ExecResult): CheckDoc {
  const text = r.stdout.trim();
  if (text === '' || text.includes('\n')) throw new Error(`expected one JSON document, got: ${r.stdout.slice(0, 500)} / stderr: ${r.stderr.slice(0, 500)}`);
  return JSON.parse(text) as CheckDoc;
}

const summary = (d: CheckDoc): string =>
  JSON.stringify({ converged: d.converged, host: d.host, cameras: d.cameras.map((c) => `${c.serial}=${c.status}`), problems: d.problems.map((p) => `${p.code}:${p.serials.join('/')}`) });


/**
 * Cameras following a slave-only ptp4l whose grandmaster went away: that ptp4l drops to LISTENING after
 * announceReceiptTimeout, and the verdict must name each camera in a blocking problem. On a loaded machine the
 * camera's own once-a-second pmc poll of its ptp4l can time out, which the virtual camera reports as Faulty:
 * also "not following the grandmaster", so accepted, and said.
 */
function lostGrandmaster(t: Test, doc: CheckDoc, serials: string[]): void {
  for (const serial of serials) {
    const c = doc.cameras.find((x) => x.serial === serial);
    t.ok(c?.state === 'LISTENING' || c?.state === 'FAULTY', `${serial} lost the grandmaster (${c?.status})`);
    if (c?.state === 'FAULTY') t.comment(`${serial} Faulty: its pmc poll of its own ptp4l timed out (machine load)`);
    const named = doc.problems.find((p) => p.blocking && (p.code === 'stuck-listening' || p.code === 'faulty') && p.serials.includes(serial));
    t.ok(named, `the verdict names ${serial} (${named?.code})`);
  }
}

const started = requireRootLab(t, ['ptp4l', 'pmc']) ? await startLabOrFail(t, [{ ptp4l: true }, { ptp4l: true }, { ptp4l: true }, { ptp4l: true }]) : null;
if (started !== null) {
  const lab: VirtualLab = started;
  t.teardown(() => lab.teardown());
  const uds = lab.hostPtp4l!.uds;
  const base = [cliMain, 'check', '--backend', 'aravis', '--json', '--uds', uds, '--poll-ms', '500'];
  const check = (args: string[], timeoutMs = 120_000): Promise<ExecResult> => lab.exec(process.execPath, [...base, ...args], { timeoutMs });

  /** Runs check in the background; `signal` goes to the host ptp4l once `when` shows up on check's stderr. */
  async function checkWithHostSignal(args: string[], when: RegExp, signal: NodeJS.Signals): Promise<ExecResult & { signalled: boolean }> {
    const child = lab.spawn(process.execPath, [...base, '--log-level', 'debug', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, sig) => resolve({ code, signal: sig })));
    let signalled = false;
    try {
      await waitForLine(child, child.stderr, when, 90_000, 'check'); // pino JSON at --log-level debug
      lab.signalHostPtp4l(signal);
      signalled = true;
    } catch (e) {
      child.kill('SIGTERM');
      await closed;
      throw e;
    }
    // Exits by itself at its --timeout-s; the lab kills it at teardown otherwise.
    const { code, signal: sig } = await closed;
    return { code, signal: sig, stdout, stderr, signalled };
  }

  let hostClockId = '';

  await t.test('a. all four cameras Slave of the host ptp4l: converged, exit 0', async (t) => {
    const r = await check(['--timeout-s', '60', '--settle-s', '2']);
    const doc = parseDoc(r);
    t.equal(r.code, 0, `exit 0; ${summary(doc)}`);
    t.equal(doc.type, 'check');
    t.equal(doc.backend, 'aravis');
    t.equal(doc.simulated, false);
    t.equal(doc.detected, 4, 'the four lab cameras, nothing else');
    t.equal(doc.converged, true);
    t.equal(doc.leader, 'host-grandmaster');
    t.equal(doc.host.mode, 'grandmaster');
    t.equal(doc.host.error, null);
    t.ok(doc.host.clockId, 'host clock identity read through pmc');
    hostClockId = doc.host.clockId ?? '';
    t.equal(doc.host.grandmasterId, hostClockId, 'the host is its own grandmaster');
    t.same([...doc.slaves].sort(), lab.cameras.map((c) => c.serial).sort(), 'every camera is a slave');
    t.same(doc.masters, []);
    for (const c of doc.cameras) {
      t.equal(c.state, 'SLAVE', `${c.serial} SLAVE`);
      t.equal(c.grandmasterId, hostClockId, `${c.serial} follows the host ptp4l`);
    }
    t.same(doc.problems.filter((p) => p.blocking), [], 'no blocking problem');
  });

  await t.test('c. host ptp4l frozen (SIGSTOP) mid-run: ptp4l not answering, cameras lose the GM, exit 2', async (t) => {
    t.teardown(() => {
      try {
        lab.signalHostPtp4l('SIGCONT');
      } catch {
        /* killed later */
      }
    });
    // --settle-s far beyond --timeout-s: the run keeps polling after the rig first converges, then ptp4l stops.
    const r = await checkWithHostSignal(['--timeout-s', '20', '--settle-s', '600'], /"synced":true/, 'SIGSTOP');
    t.ok(r.signalled, 'SIGSTOP sent after check saw the rig converged');
    const doc = parseDoc(r);
    t.equal(r.code, 2, `exit 2; ${summary(doc)}`);
    t.equal(doc.converged, false);
    t.equal(doc.timedOut, true, 'never settled again before the timeout');
    t.equal(doc.host.error?.code, 'ERR_PTP4L_HUNG', 'host error code');
    t.match(doc.host.error?.message ?? '', /ptp4l not answering/);
    const hostProblem = doc.problems.find((p) => p.code === 'host-unavailable');
    t.ok(hostProblem, 'the verdict names the host');
    t.match(hostProblem?.message ?? '', /ptp4l not answering/, 'its message says ptp4l does not answer');
    // slaveOnly ptp4l drops to LISTENING after announceReceiptTimeout without Announce messages.
    lostGrandmaster(t, doc, doc.cameras.map((c) => c.serial));
  });

  await t.test('c. …after SIGCONT the rig converges again', async (t) => {
    lab.signalHostPtp4l('SIGCONT');
    const r = await check(['--timeout-s', '60', '--settle-s', '2']);
    const doc = parseDoc(r);
    t.equal(r.code, 0, summary(doc));
    t.equal(doc.host.clockId, hostClockId, 'the same host grandmaster');
    t.same(doc.slaves.length, 4);
  });

  await t.test('b. one camera Master (script): camera-master-beside-host, exit 2', async (t) => {
    // Swap the fourth camera for one whose script goes Master: still four cameras on the lab network.
    const old = lab.cameras[3]!;
    process.kill(old.pid, 'SIGTERM');
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(old.pid, 0);
      } catch {
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    lab.cameras.splice(lab.cameras.indexOf(old), 1);
    const master = await lab.addCamera({
      serial: 'VCAMMSTR',
      script: [
        { afterMs: 0, state: 'Listening' },
        { afterMs: 500, state: 'Master' },
      ],
    });
    const r = await check(['--timeout-s', '8', '--settle-s', '1']);
    const doc = parseDoc(r);
    t.equal(r.code, 2, `exit 2; ${summary(doc)}`);
    t.equal(doc.detected, 4, 'four cameras: three followers and the Master');
    t.equal(doc.converged, false);
    t.same(doc.masters, [master.serial]);
    t.equal(doc.cameras.find((c) => c.serial === master.serial)?.state, 'MASTER');
    const p = doc.problems.find((x) => x.code === 'camera-master-beside-host');
    t.ok(p?.blocking, 'blocking camera-master-beside-host');
    t.same(p?.serials, [master.serial], 'names the Master camera');
    t.match(p?.message ?? '', new RegExp(`camera ${master.serial} is Master`));
    t.same([...doc.slaves].sort(), lab.cameras.filter((c) => c !== master).map((c) => c.serial).sort(), 'the other three still follow the host');
    t.equal(doc.host.mode, 'grandmaster');
  });

  await t.test("c'. host ptp4l killed (SIGKILL) mid-run: ptp4l not running, cameras Listening, exit 2", async (t) => {
    // The rig is not converged (the Master camera), so signal after the first poll.
    const r = await checkWithHostSignal(['--timeout-s', '15', '--settle-s', '1'], /"msg":"poll"/, 'SIGKILL');
    t.ok(r.signalled);
    const doc = parseDoc(r);
    t.equal(r.code, 2, `exit 2; ${summary(doc)}`);
    t.equal(doc.converged, false);
    t.match(doc.host.error?.code ?? '', /^ERR_PTP4L_(NOT_RUNNING|STALE_SOCKET)$/, `host error ${doc.host.error?.code}`);
    t.match(doc.host.error?.message ?? '', /ptp4l is not running/);
    t.match(doc.problems.find((p) => p.code === 'host-unavailable')?.message ?? '', /ptp4l is not running/, 'the verdict names ptp4l');
    lostGrandmaster(t, doc, doc.cameras.filter((c) => c.serial !== 'VCAMMSTR').map((c) => c.serial));
  });
}
