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
  t.test('fire spread over real GVCP, parallel vs sequential', async (t) => {
    const lines = await benchGvcp({ cameras: 4, samples: 50 });
    for (const l of lines) t.comment(l);
    t.match(lines[0], /^== GVCP fire spread: 4 virtual GigE Vision cameras .* 50 samples/);
    t.notOk(lines.some((l) => /^(skipped|failed):/.test(l)), 'ran');
    const num = String.raw`(\d+\.\d)`;
    for (const strategy of ['parallel', 'sequential']) {
      const row = lines.find((l) => l.startsWith(`${strategy} |`));
      t.match(row, new RegExp(`^${strategy} \\| ${num} / ${num} \\| ${num} / ${num} \\| 50 \\| 0$`), `${strategy}: p50/p99 spread and window, 50 samples, no failed latch`);
    }
    t.match(lines.find((l) => l.startsWith('ratio')), /^ratio sequential \/ parallel: p50 \d+\.\dx, p99 \d+\.\dx$/);
    t.same(ours(), [], "the bench's lab is gone");
  });
}
