// `timestat --method action --backend ic4` end to end against the IC4 stand-in (test/native/ic4-standin/): the CLI
// loads libic4core-standin.so as it would load libic4core, arms two stand-in cameras through the IC4 driver's action
// path (ic4_propmap_set_value_string/int64, enumeration entries, integer ranges), streams through a queue sink
// (ic4_queuesink_create, ic4_grabber_stream_setup/stop, ic4_queuesink_pop_output_buffer, ic4_imagebuffer_get_metadata)
// and sends real GVCP ACTION_CMD packets to the cameras' GevCurrentIPAddress (127.0.0.2/.3 on the loopback of a
// fresh network namespace, unshare -n: nothing leaves it, no port is shared with anyone).
//
// THE STAND-IN CONFIRMS ONLY OUR SIDE OF THE CONTRACT: the driver calls the functions the way
// src/native/core/ic4/ic4_unconfirmed.h reads IC4's C API (names and struct layouts from ic4-rs's bindgen output, not
// from a Linux libic4core). Whether the real SDK behaves so is checked only by a run on a lab machine with the SDK.
//
// Truth: each stand-in camera logs every frame it generates (IC4_STANDIN_FRAME_LOG: device frame number, device
// timestamp = the kernel receive stamp of the ACTION_CMD + its injected offset) and its settings when a grabber opens
// and closes it (IC4_STANDIN_STATE_LOG). Checked: every value ptpcam reports is exactly the frame timestamp the
// stand-in generated for that action; value − send stamp − offset is the loopback delivery (0 ≤ it < 1 ms); every
// setting arming changed reads back as before (except ActionDeviceKey, write-only by SFNC, which ptpcam documents
// as not restorable); acquisition is stopped; every IC4 object (sinks and image buffers included) was released.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';

import { cliMain, repoRoot, tempDir } from '../support/cli.js';
import { requireRootLab } from '../support/netns.js';

const STANDIN_BUILD = fileURLToPath(new URL('../native/ic4-standin/build.sh', import.meta.url));
const CAMERAS = [
  { serial: 'IC4ACT-1', model: 'DFK 33GR0234', offsetNs: 0n, ip: '127.0.0.2' },
  { serial: 'IC4ACT-2', model: 'DFK 33GX546', offsetNs: 2_500_000n, ip: '127.0.0.3' },
] as const;
const SAMPLES = 200;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  frames: Map<string, { number: number; ts: bigint; rx: bigint; queued: boolean }[]>;
  states: { kind: 'open' | 'close'; serial: string; settings: Record<string, string> }[];
  exitReport: string;
}

interface SampleCamera {
  serial: string;
  value: string | null;
  fireNs: string;
  error: { code: string; message: string } | null;
}

/** Runs the CLI inside `unshare -n` (loopback up); `onStdout` may signal it. */
function timestat(dir: string, library: string, args: string[], onStdout?: (text: string, kill: (s: NodeJS.Signals) => void) => void): Promise<Run> {
  const frameLog = join(dir, `frames-${Date.now()}.log`);
  const stateLog = join(dir, `state-${Date.now()}.log`);
  const exitReport = join(dir, `exit-${Date.now()}.log`);
  const env = {
    ...process.env,
    PTPCAM_IC4_LIBRARY: library,
    IC4_STANDIN_CAMERAS: CAMERAS.map((c) => `${c.serial}:${c.model}:${c.offsetNs}:ip=${c.ip}`).join(','),
    IC4_STANDIN_FRAME_LOG: frameLog,
    IC4_STANDIN_STATE_LOG: stateLog,
    IC4_STANDIN_EXIT_REPORT: exitReport,
  };
  // unshare and sh exec into node: the child's pid is the CLI's, so a signal reaches it.
  const child = spawn('unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', process.execPath, cliMain, ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    onStdout?.(stdout, (s) => child.kill(s));
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      const frames: Run['frames'] = new Map();
      for (const line of existsSync(frameLog) ? readFileSync(frameLog, 'utf8').split('\n') : []) {
        const m = /^frame (\S+) (\d+) (\d+) (\d+) ([01])$/.exec(line);
        if (!m) continue;
        const list = frames.get(m[1]!) ?? [];
        list.push({ number: Number(m[2]), ts: BigInt(m[3]!), rx: BigInt(m[4]!), queued: m[5] === '1' });
        frames.set(m[1]!, list);
      }
      const states: Run['states'] = [];
      for (const line of existsSync(stateLog) ? readFileSync(stateLog, 'utf8').split('\n') : []) {
        const m = /^(open|close) (\S+) (.*)$/.exec(line);
        if (!m) continue;
        const settings = Object.fromEntries(m[3]!.split(' ').map((w) => w.split('=') as [string, string]));
        states.push({ kind: m[1] as 'open' | 'close', serial: m[2]!, settings });
      }
      resolve({ code, stdout, stderr, frames, states, exitReport: existsSync(exitReport) ? readFileSync(exitReport, 'utf8') : '' });
    });
  });
}

function samplesOf(r: Run): SampleCamera[][] {
  return r.stdout
    .split('\n')
    .filter((l) => l.includes('"type":"sample"'))
    .map((l) => (JSON.parse(l) as { cameras: SampleCamera[] }).cameras);
}

/** Every setting back as it was at open, apart from the write-only ActionDeviceKey; acquisition stopped. */
function checkRestored(t: Test, r: Run): void {
  for (const c of CAMERAS) {
    const open = r.states.find((s) => s.kind === 'open' && s.serial === c.serial);
    const close = [...r.states].reverse().find((s) => s.kind === 'close' && s.serial === c.serial);
    t.ok(open && close, `${c.serial}: opened and closed`);
    if (!open || !close) continue;
    const { ActionDeviceKey: keyBefore, ...before } = open.settings;
    const { ActionDeviceKey: keyAfter, ...after } = close.settings;
    t.same(after, before, `${c.serial}: every setting arming changed is back as the camera had it`);
    t.equal(after['Acquiring'], '0', `${c.serial}: acquisition stopped`);
    t.equal(keyBefore, '0', `${c.serial}: the device key it had`);
    t.equal(keyAfter, String(0x50545043), `${c.serial}: ActionDeviceKey keeps ptpcam's key (write-only by SFNC, documented as not restorable)`);
  }
  t.equal(r.exitReport, 'exit live_objects=0\n', 'ic4_exit_library once at exit, every IC4 object (sinks, image buffers) released');
}

if (requireRootLab(t, ['unshare'])) {
  const dir = tempDir(t, 'ptpcam-ic4-action-');
  const library = execFileSync('sh', [STANDIN_BUILD, dir], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
  const base = ['timestat', '--method', 'action', '--backend', 'ic4', '--interval-ms', '2', '--json', '--allow-no-host-ptp', '--serials', CAMERAS.map((c) => c.serial).join(',')];

  t.test(`timestat --method action --backend ic4, ${SAMPLES} samples: exact frame timestamps, settings restored`, async (t) => {
    const r = await timestat(dir, library, [...base, '--samples', String(SAMPLES)]);
    t.equal(r.code, 0, `exit 0; stderr: ${r.stderr.slice(-2000)}`);
    const samples = samplesOf(r);
    t.equal(samples.length, SAMPLES, 'every sample');
    CAMERAS.forEach((c, i) => {
      const frames = r.frames.get(c.serial) ?? [];
      t.equal(frames.length, SAMPLES, `${c.serial}: the stand-in generated one frame per action`);
      t.ok(frames.length > 0 && frames.every((f, k) => f.queued && f.number === k + 1), `${c.serial}: every frame reached the queue sink, numbered from 1`);
      let exact = 0;
      let delivery = 0;
      samples.forEach((row, k) => {
        const cam = row[i]!;
        const f = frames[k];
        if (cam.serial === c.serial && cam.value !== null && f !== undefined && BigInt(cam.value) === f.ts) exact++;
        // value − send stamp − offset = the kernel's loopback delivery (receive stamp − transmit stamp).
        const d = cam.value === null ? -1n : BigInt(cam.value) - BigInt(cam.fireNs) - c.offsetNs;
        if (d >= 0n && d < 1_000_000n) delivery++;
      });
      t.equal(exact, SAMPLES, `${c.serial}: every value is exactly the device timestamp the stand-in generated for that action`);
      t.equal(delivery, SAMPLES, `${c.serial}: value − send stamp − offset is the loopback delivery, 0 ≤ d < 1 ms`);
    });
    checkRestored(t, r);
  });

  t.test('timestat --method action --backend ic4, SIGINT mid-acquisition: interrupted, settings restored', async (t) => {
    let sent = false;
    const r = await timestat(dir, library, [...base, '--samples', '1000000'], (out, kill) => {
      if (!sent && out.includes('"type":"sample"')) {
        sent = true;
        kill('SIGINT');
      }
    });
    t.ok(sent, 'the run was streaming when SIGINT came');
    t.equal(r.code, 130, `exit 130; stderr: ${r.stderr.slice(-2000)}`);
    const samples = samplesOf(r);
    t.ok(samples.length > 0 && samples.every((row) => row.every((c) => c.error === null)), `${samples.length} samples, none failed`);
    checkRestored(t, r);
  });
}
