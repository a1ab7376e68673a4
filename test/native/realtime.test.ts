/**
 * Real-time fire threads (src/native/core/realtime.h): as root every latch thread runs SCHED_FIFO (fire threads
 * above the coordinator); without the privilege the engine says it was refused and runs every thread normally,
 * all or none. Read from /proc while the engine runs, in a child process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

import t from 'tap';

const child = fileURLToPath(new URL('./fixtures/realtime-child.mjs', import.meta.url));

interface Report {
  during: Record<string, { policy: number; rtPriority: number; cpus: string }>;
  realtime: boolean;
  realtimeRefused: string | null;
  samplesDone: number;
}

function run(prefix: string[]): Report {
  const r = spawnSync(prefix[0] ?? process.execPath, [...prefix.slice(1), ...(prefix.length > 0 ? [process.execPath] : []), child], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Report;
}

function hasSetpriv(): boolean {
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const root = typeof process.getuid === 'function' && process.getuid() === 0;
if (!root || !hasSetpriv()) {
  if (process.env.CI) t.fail('real-time scheduling tests need root and setpriv under CI');
  else t.skip('real-time scheduling tests skipped: need root (to be granted SCHED_FIFO) and setpriv (to be refused it)');
} else {
  t.test('as root: every latch thread runs SCHED_FIFO, fire threads above the coordinator', async (t) => {
    const r = run([]);
    t.equal(r.realtime, true);
    t.equal(r.realtimeRefused, null);
    t.equal(r.samplesDone, 200);
    const names = Object.keys(r.during).sort();
    t.same(names, ['ptpcam-latch', 'ptpcam-latch-0', 'ptpcam-latch-1', 'ptpcam-latch-2'], 'coordinator and three fire threads');
    for (const n of names) t.equal(r.during[n]!.policy, 1, `${n}: SCHED_FIFO`);
    t.equal(r.during['ptpcam-latch']!.rtPriority, 1, 'coordinator at FIFO 1');
    for (const n of names.filter((x) => x !== 'ptpcam-latch')) t.equal(r.during[n]!.rtPriority, 2, `${n} at FIFO 2, above the coordinator`);
    // Spread evenly, one CPU each (a single-CPU machine has nothing to spread them over).
    if (availableParallelism() > 1) {
      const fire = names.filter((x) => x !== 'ptpcam-latch').map((n) => r.during[n]!.cpus);
      t.ok(fire.every((c) => /^\d+$/.test(c)), `each fire thread on one CPU (${fire.join(', ')})`);
      const perCpu = [...new Set(fire)].map((c) => fire.filter((x) => x === c).length);
      t.ok(perCpu.length > 1 && Math.max(...perCpu) - Math.min(...perCpu) <= 1, 'spread evenly over the CPUs');
    }
  });

  t.test('without the privilege: refused, said so, every thread normal, the run complete', async (t) => {
    const r = run(['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--inh-caps=-all', '--bounding-set=-all']);
    t.equal(r.realtime, false);
    t.match(r.realtimeRefused, /not permitted/i);
    t.equal(r.samplesDone, 200);
    for (const [n, p] of Object.entries(r.during)) t.equal(p.policy, 0, `${n}: SCHED_OTHER`);
  });
}
