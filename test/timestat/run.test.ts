/**
 * The timestat run with its dependencies injected (src/timestat/deps.ts): no addon, no threads. Fakes stand in for
 * the cameras and the sampling engine, so the run's own logic is what is tested: a signal during start-up stops
 * it before the first sample, and neither a camera stuck inside an SDK call nor a close that hangs holds its end.
 */
import t from 'tap';

import type { CameraOp, CameraOpResult, NativeOpenedCamera } from '../../src/binding.js';
import { simpleRig } from '../../src/cameras/rigFile.js';
import { readHostPtp } from '../../src/host/hostReport.js';
import type { LatchRun, LatchRunResult } from '../../src/latch/latchRun.js';
import type { LatchSample } from '../../src/latch/types.js';
import type { TimestatDeps } from '../../src/timestat/deps.js';
import { runTimestat, type TimestatOptions } from '../../src/timestat/run.js';

const rig = simpleRig(3);
const serials = rig.native.cameras.map((c) => c.serial);
const opened: NativeOpenedCamera[] = serials.map((serial, i) => ({ serial, vendor: 'v', model: 'm', interface: 'sim', address: '', id: serial, handle: i + 1 }));

const options = (over: Partial<TimestatOptions> = {}): TimestatOptions => ({
  serials: undefined, iface: 'sim', samples: 20, intervalMs: 0, thresholdNs: 100_000n, timeoutS: 1, assumeRealtimePtp: false,
  backend: 'auto', sim: '3', sdkLibrary: undefined, uds: undefined, domain: undefined, transportSpecific: undefined, strategy: 'parallel', realtime: undefined, json: true,
  output: undefined, logLevel: 'silent', printSamples: undefined, allowNoHostPtp: false, method: 'latch', actionSkewNs: 2000n,
  logFormat: 'json', html: undefined, actionDeviceKey: undefined, frameTimeoutMs: 1000, ...over,
});

/** Answers "has TimestampLatch*" with yes and every other op with an error (the PTP views read as n/a). */
function cameraCall(_handle: number, ops: CameraOp[]): Promise<CameraOpResult[]> {
  return Promise.resolve(
    ops.map((o): CameraOpResult => (o.op === 'has' ? { ok: true, value: o.name.startsWith('TimestampLatch') } : { ok: false, error: { code: 'ERR_FEATURE_MISSING', sdkCode: 0, message: 'fake' } })),
  );
}

function samples(from: number, count: number): LatchSample[] {
  return Array.from({ length: count }, (_, k) => ({
    index: from + k,
    cameras: serials.map((_, c) => {
      const fireNs = 1_700_000_000_000_000_000n + BigInt((from + k) * 1_000_000);
      return { value: fireNs + 50_000n + BigInt(c * 1000), fireNs, ackNs: fireNs + 100_000n, error: null };
    }),
  }));
}

interface Fakes {
  deps: TimestatDeps;
  closed: string[];
  started: { value: boolean };
}

/** `busy`: cameras the engine reports still inside an SDK call; `hangClose`: cameras whose close never returns. */
function fakes(opts: { busy?: number[]; hangClose?: string[]; backendDelay?: Promise<void> } = {}): Fakes {
  const closed: string[] = [];
  const started = { value: false };
  const deps: TimestatDeps = {
    resolveBackend: async () => {
      await opts.backendDelay;
      return { driver: { backend: 'sim', libraryPath: '', rig: rig.native }, devices: opened, rig };
    },
    openCameras: () => Promise.resolve(opened),
    cameras: {
      cameraCall,
      closeCamera: (handle) => {
        const serial = opened.find((c) => c.handle === handle)!.serial;
        if (opts.hangClose?.includes(serial)) return new Promise<boolean>(() => undefined);
        closed.push(serial);
        return Promise.resolve(true);
      },
    },
    readHostPtp,
    startLatchRun: (_handles, run, onSamples): LatchRun => {
      started.value = true;
      const finished = (async (): Promise<LatchRunResult> => {
        await Promise.resolve();
        onSamples(samples(0, run.samples));
        return { end: 'completed', samplesDone: run.samples, busyCameras: opts.busy ?? [], realtime: false };
      })();
      return { stop: () => undefined, finished };
    },
    startActionRun: () => {
      throw new Error('not used');
    },
    prepareActionCameras: () => Promise.reject(new Error('not used')),
  };
  return { deps, closed, started };
}

/** Runs with stdout captured (the run writes its JSON lines there). */
async function captured(fn: () => Promise<number>): Promise<{ code: number; lines: Record<string, unknown>[] }> {
  const write = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    const code = await fn();
    return { code, lines: out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
  } finally {
    process.stdout.write = write;
  }
}

t.test('a completed run on fakes: every sample, one summary, every camera closed', async (t) => {
  const f = fakes();
  const { code, lines } = await captured(() => runTimestat(options(), f.deps));
  t.equal(code, 0);
  t.equal(lines.filter((l) => l['type'] === 'sample').length, 20);
  t.match(lines.at(-1), { type: 'summary', verdict: 'OK', exitCode: 0, samples: 20 });
  t.same(f.closed.sort(), [...serials].sort());
});

t.test('SIGINT during discovery: abandoned at once, stopped before the first sample, exit 130, an INTERRUPTED document', async (t) => {
  // Discovery never answers (a native call cannot be cancelled): the run must not wait for it.
  const f = fakes({ backendDelay: new Promise<void>(() => undefined) });
  const running = captured(() => runTimestat(options(), f.deps).catch((e: { exitCode?: number }) => e.exitCode ?? -1));
  await new Promise((r) => setImmediate(r));
  process.emit('SIGINT', 'SIGINT');
  const { code, lines } = await running;
  t.equal(code, 130);
  t.notOk(f.started.value, 'sampling never started');
  t.match(lines, [{ type: 'summary', verdict: 'INTERRUPTED', exitCode: 130 }]);
});

t.test('SIGTERM while the cameras open: cameras handed back afterwards are closed, exit 143', async (t) => {
  let release!: () => void;
  const f = fakes();
  const opening = new Promise<void>((r) => (release = r));
  f.deps.openCameras = async () => {
    await opening;
    return opened;
  };
  const running = captured(() => runTimestat(options(), f.deps).catch((e: { exitCode?: number }) => e.exitCode ?? -1));
  await new Promise((r) => setTimeout(r, 50));
  process.emit('SIGTERM', 'SIGTERM');
  const { code } = await running;
  t.equal(code, 143);
  t.same(f.closed, [], 'nothing to close yet: the open has not returned');
  release();
  await new Promise((r) => setTimeout(r, 20));
  t.same(f.closed.sort(), [...serials].sort(), 'the late cameras were closed as they arrived');
});

t.test('a camera stuck in an SDK call at the end: its close is started, not waited for', async (t) => {
  const f = fakes({ busy: [1], hangClose: [serials[1]!] });
  const { code, lines } = await captured(() => runTimestat(options(), f.deps));
  t.equal(code, 0, 'the verdict is the samples\' (this fake stuck camera answered every sample)');
  t.match(lines.at(-1), { type: 'summary', samples: 20 });
  t.same(f.closed.sort(), [serials[0], serials[2]].sort(), 'the others were closed');
});

t.test('a close that hangs on a camera not known to be stuck: waited for a bounded time only', async (t) => {
  const f = fakes({ hangClose: [serials[2]!] });
  const t0 = performance.now();
  const { code } = await captured(() => runTimestat(options(), f.deps));
  t.equal(code, 0);
  // Unbounded, this run would never return at all.
  t.ok(performance.now() - t0 < 10_000, 'the run returned');
  t.same(f.closed.sort(), [serials[0], serials[1]].sort());
});
