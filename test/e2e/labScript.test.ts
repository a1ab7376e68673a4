// `npm run lab` as a newcomer runs it: the default lab is a HEALTHY rig (cameras follow the lab's ptp4l, clocks
// in step), and the `check` and `timestat` commands it prints work as printed. With --hostile-serial, one camera's
// serial carries ESC [31m and BEL over GVCP: check's report shows it escaped, its JSON keeps it exact.
// Everything runs inside the lab's namespaces; the lab script is stopped with SIGINT (it tears its lab down),
// and any namespace it left is swept by pid-named cleanup.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

import { repoRoot } from '../support/cli.js';
import { requireRootLab, sweepOrphanNamespaces } from '../support/netns.js';

const LAB = fileURLToPath(new URL('../lab/lab.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

interface Lab {
  child: ChildProcess;
  out: string;
}

function startLab(args: string[]): Promise<Lab> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, LAB, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const lab: Lab = { child, out: '' };
    let err = '';
    const timer = setTimeout(() => reject(new Error(`lab did not come up: ${lab.out}\n${err}`)), 120_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      lab.out += d;
      if (lab.out.includes('Ctrl-C tears the lab down.')) {
        clearTimeout(timer);
        resolve(lab);
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`lab exited with ${code}: ${err}`));
    });
  });
}

async function stopLab(lab: Lab): Promise<void> {
  if (lab.child.exitCode !== null || lab.child.pid === undefined) return;
  const exited = new Promise<void>((r) => lab.child.once('exit', () => r()));
  lab.child.kill('SIGINT');
  const timer = setTimeout(() => lab.child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
  sweepOrphanNamespaces();
}

/** The printed command line that starts with `sudo ip netns exec … node dist/cli/main.js <command>`, as argv. */
function printed(out: string, command: 'check' | 'timestat'): string[] {
  const line = out.split('\n').find((l) => l.includes(`node dist/cli/main.js ${command} `));
  if (line === undefined) throw new Error(`no ${command} command printed:\n${out}`);
  return line.trim().split(/\s+/).slice(1); // without `sudo`: the tests run as root
}

function run(argv: string[], extra: string[] = []): { code: number | null; stdout: string; stderr: string } {
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd!, [...args, ...extra], { cwd: repoRoot, encoding: 'utf8', timeout: 180_000, env: { ...process.env, NO_COLOR: '1', LANG: 'C.UTF-8' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

if (requireRootLab(t, ['ptp4l', 'pmc'])) {
  t.test('the default lab is healthy and its printed commands work as printed', async (t) => {
    const lab = await startLab(['--cameras', '2', '--hostile-serial']);
    t.teardown(() => stopLab(lab));
    t.match(lab.out, /sudo ip netns exec \S+ node dist\/cli\/main\.js check --backend aravis --uds \S+/);
    t.match(lab.out, /sudo ip netns exec \S+ node dist\/cli\/main\.js timestat --backend aravis --uds \S+/);
    t.match(lab.out, /offset 0 ns/, 'clocks in step by default');

    const check = printed(lab.out, 'check');
    const doc = run(check, ['--json', '--timeout-s', '60']);
    t.equal(doc.code, 0, `check converges on the default lab: ${doc.stdout.slice(0, 1500)} ${doc.stderr.slice(0, 500)}`);
    const parsed = JSON.parse(doc.stdout) as { converged: boolean; leader: string; cameras: { serial: string; state: string }[] };
    t.equal(parsed.leader, 'host-grandmaster');
    t.same(parsed.cameras.map((c) => c.state), ['SLAVE', 'SLAVE']);
    t.ok(parsed.cameras.some((c) => c.serial === 'VCAM\x1b[31mRED\x07'), 'JSON keeps the hostile serial exact');

    const human = run(check, ['--timeout-s', '60']);
    t.equal(human.code, 0, human.stderr);
    t.match(human.stdout, 'VCAM\\x1b[31mRED\\x07', 'the report shows it escaped');
    t.notMatch(human.stdout + human.stderr, /[\x07\x1b]/, 'no raw ESC or BEL reaches the terminal');

    const timestat = run(printed(lab.out, 'timestat'), ['--samples', '5', '--interval-ms', '50']);
    t.equal(timestat.code, 0, `timestat as printed: ${timestat.stdout.slice(-1500)} ${timestat.stderr.slice(0, 500)}`);
  });
}

if (requireRootLab(t, ['ptp4l', 'pmc'])) {
  t.test('faults are flags: --master-camera and --foreign-gm', async (t) => {
    const lab = await startLab(['--cameras', '3', '--master-camera', '2']);
    t.teardown(() => stopLab(lab));
    const r = run(printed(lab.out, 'check'), ['--json', '--timeout-s', '8', '--settle-s', '1']);
    t.equal(r.code, 2, r.stderr.slice(0, 500));
    const doc = JSON.parse(r.stdout) as { problems: { code: string; serials: string[] }[] };
    t.ok(doc.problems.some((p) => p.code === 'camera-master-beside-host' && p.serials.includes('VCAM0003')), JSON.stringify(doc.problems));
    await stopLab(lab);

    const foreign = await startLab(['--cameras', '2', '--foreign-gm']);
    t.teardown(() => stopLab(foreign));
    const f = run(printed(foreign.out, 'check'), ['--json', '--timeout-s', '8', '--settle-s', '1']);
    t.equal(f.code, 2, f.stderr.slice(0, 500));
    const fdoc = JSON.parse(f.stdout) as { problems: { code: string; grandmasterId?: string }[] };
    t.ok(fdoc.problems.some((p) => p.code === 'foreign-grandmaster' && p.grandmasterId === '020000.fffe.000001'), JSON.stringify(fdoc.problems));
  });
}
