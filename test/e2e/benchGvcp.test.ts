// `npm run bench -- gvcp` (src/bench/gvcp.ts) builds its own lab and runs timestat inside it: check that it
// produces a complete table and leaves nothing behind. Correctness only: the numbers are printed, not judged.
import { execFileSync } from 'node:child_process';
import t from 'tap';

import { benchGvcp } from '../../src/bench/gvcp.js';
import { requireRootLab } from '../support/netns.js';

const ours = (): string[] =>
  execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n.startsWith(`pc${process.pid}x`));

if (requireRootLab(t, ['ptp4l', 'pmc'])) {
  t.test('fire spread over real GVCP: parallel (normal and real-time) vs sequential', async (t) => {
    const lines = await benchGvcp({ cameras: 4, samples: 50 });
    for (const l of lines) t.comment(l);
    t.match(lines[0], /^== GVCP fire spread: 4 virtual GigE Vision cameras .* 50 samples/);
    t.notOk(lines.some((l) => /^(skipped|failed):/.test(l)), 'ran');
    const num = String.raw`(\d+\.\d)`;
    const esc = (x: string): string => x.replace(/[()]/g, '\\$&');
    for (const strategy of ['parallel --no-realtime', 'parallel --realtime (default)', 'sequential']) {
      const row = lines.find((l) => l.startsWith(`${strategy} |`));
      t.match(row, new RegExp(`^${esc(strategy)} \\| ${num} / ${num} \\| ${num} / ${num} \\| 50 \\| 0$`), `${strategy}: p50/p99 spread and window, 50 samples, no failed latch`);
      const atCameras = lines.find((l) => l.startsWith(`  ${strategy} | `) && l.includes('samples |'));
      t.match(atCameras, new RegExp(`\\| 50 samples \\| sequential / it ${num}x \\| it / floor ${num}x$`), `${strategy}: at the cameras, against sequential and the floor`);
    }
    t.match(lines.find((l) => l.startsWith('per-send cost')), /floor = per-send x cameras \/ CPUs = \d+\.\d us/);
    t.same(ours(), [], "the bench's lab is gone");
  });
}
