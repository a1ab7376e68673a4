// The stream channel registers Aravis overwrites when `timestat --method action` opens a GVSP stream are put back
// when the run ends (issue #13): in the namespace lab, over real GVCP/GVSP through Aravis 0.8.
// Before each run a separate GVCP session (test/lab/streamRegisters.ts) leaves every camera's stream channel 0 the
// way another application might have: SCDA 169.254.10.250, SCP host port 9029, SCPS a jumbo packet size (8000)
// that does not pass this lab's 1500-byte MTU, so Aravis' packet-size negotiation must rewrite it, and SCPD 1234.
// One camera keeps its stream registers across a control release (as arv-fake-gv-camera does), so its host port
// survives until ptpcam takes control and must be put back too; the other closes the channel on release (port 0).
// The same session reads the registers while ptpcam streams (Aravis has aimed them at the host: the values are
// really changed) and after the run, normal and SIGINT, from a fresh connection: they must equal the values before.
import type { ChildProcess } from 'node:child_process';
import t from 'tap';

import { requireRootLab } from '../support/netns.js';
import { startLabOrFail, type LabCamera, type VirtualLab } from '../lab/VirtualLab.js';
import { parseIpv4 } from '../lab/vcam/bootstrap.js';

const TSX = import.meta.resolve('tsx');
const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const REGISTERS = new URL('../lab/streamRegisters.ts', import.meta.url).pathname;

interface StreamRegisters {
  SCP: number;
  SCPS: number;
  SCPD: number;
  SCDA: number;
  SCSP: number;
}

/** What another application left: none of it is what Aravis writes. */
const LEFT = { SCPS: 8000, SCDA: parseIpv4('169.254.10.250'), SCPD: 1234, SCP: 9029 };

async function streamRegisters(lab: VirtualLab, cam: LabCamera, writes?: object): Promise<StreamRegisters> {
  const r = await lab.exec(process.execPath, ['--import', TSX, REGISTERS, cam.ip, ...(writes ? [JSON.stringify(writes)] : [])], { timeoutMs: 30_000 });
  if (r.code !== 0) throw new Error(`streamRegisters ${cam.serial}: exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim()) as StreamRegisters;
}

function timestatArgs(lab: VirtualLab, serials: string[], samples: number): string[] {
  const args = [CLI, 'timestat', '--method', 'action', '--backend', 'aravis', '--samples', String(samples), '--interval-ms', '2', '--json', '--serials', serials.join(',')];
  if (lab.hostPtp4l) args.push('--uds', lab.hostPtp4l.uds);
  else args.push('--allow-no-host-ptp');
  return args;
}

/** Resolves once a JSON sample line arrived on stdout (the cameras are streaming). */
function firstSample(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no sample within ${timeoutMs} ms: ${out.slice(-500)}`)), timeoutMs);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('"type":"sample"')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

if (requireRootLab(t, ['arv-tool-0.8', 'cc'])) {
  const lab = await startLabOrFail(t, [
    { serial: 'SREG0KEEP', streamOnRelease: 'keep' },
    { serial: 'SREG1CLOSE' },
  ]);
  if (lab) {
    t.teardown(() => lab.teardown());
    const cams = lab.cameras;
    const serials = cams.map((c) => c.serial);
    const leave = async (): Promise<StreamRegisters[]> => Promise.all(cams.map((c) => streamRegisters(lab, c, LEFT)));

    t.test('left by another application: the values read back before any run', async (t) => {
      const before = await leave();
      t.match(before[0], { SCP: 9029, SCPS: 8000, SCPD: 1234, SCDA: LEFT.SCDA }, 'the keeping camera holds all four');
      t.match(before[1], { SCP: 0, SCPS: 8000, SCPD: 1234, SCDA: LEFT.SCDA }, 'the closing camera reset its host port on release');
    });

    t.test('timestat --method action: a completed run puts every stream register back', async (t) => {
      const before = await leave();
      const r = await lab.exec(process.execPath, timestatArgs(lab, serials, 100), { timeoutMs: 300_000 });
      const samples = r.stdout.split('\n').filter((l) => l.includes('"type":"sample"'));
      t.equal(r.code, 0, `exit 0; stderr: ${r.stderr.slice(-2000)}`);
      t.equal(samples.length, 100, 'every sample taken: the streams really ran');
      const after = await Promise.all(cams.map((c) => streamRegisters(lab, c)));
      cams.forEach((c, i) => t.same(after[i], before[i], `${c.serial}: SCP, SCPS, SCPD, SCDA, SCSP as before the run`));
    });

    t.test('timestat --method action, SIGINT mid-acquisition: the registers changed while streaming are put back', async (t) => {
      const before = await leave();
      const child = lab.spawn(process.execPath, timestatArgs(lab, serials, 1_000_000));
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
      await firstSample(child, 180_000);
      // While streaming: Aravis has aimed every channel at the host and negotiated the packet size down.
      const during = await Promise.all(cams.map((c) => streamRegisters(lab, c)));
      cams.forEach((c, i) => {
        const d = during[i]!;
        t.equal(d.SCDA, parseIpv4(lab.hostIp), `${c.serial}: while streaming, SCDA is the host`);
        t.not(d.SCP & 0xffff, before[i]!.SCP & 0xffff, `${c.serial}: while streaming, the host port is Aravis' (${d.SCP & 0xffff})`);
        t.ok((d.SCPS & 0xffff) <= 1500, `${c.serial}: while streaming, the packet size fits the MTU (${d.SCPS & 0xffff})`);
        t.equal(d.SCPD, before[i]!.SCPD, `${c.serial}: SCPD is not Aravis' to write`);
      });
      child.kill('SIGINT');
      const code = await exited;
      t.equal(code, 130, `exit 130; stderr: ${stderr.slice(-2000)}`);
      const after = await Promise.all(cams.map((c) => streamRegisters(lab, c)));
      cams.forEach((c, i) => t.same(after[i], before[i], `${c.serial}: after SIGINT, SCP, SCPS, SCPD, SCDA, SCSP as before the run`));
    });
  }
}
