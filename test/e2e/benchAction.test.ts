// `npm run bench -- action` (src/bench/actionBench.ts) builds its own four-camera lab and runs the latch methods and
// the action method in turns: check that it produces a complete table and leaves nothing behind. Correctness
// only: the numbers are printed, not judged.
import { execFileSync } from 'node:child_process';
import t from 'tap';

import { benchAction } from '../../src/bench/actionBench.js';
import { requireRootLab } from '../support/netns.js';

const ours = (): string[] =>
  execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n.startsWith(`pc${process.pid}x`));

if (requireRootLab(t, ['ptp4l', 'pmc', 'cc'])) {
  t.test('action vs latch on the same lab cameras, in interleaved rounds', async (t) => {
    const lines = await benchAction(31);
    for (const l of lines) t.comment(l);
    t.match(lines[0], /^== action vs latch: 4 virtual GigE Vision cameras .* 31 samples each in 3 interleaved rounds ==$/);
    t.notOk(lines.some((l) => /^(skipped|failed):/.test(l)), 'ran');
    const num = String.raw`(\d+\.\d\d)`;
    // Three deltas per sample (four cameras against the first), every sample of every round.
    for (const method of ['latch parallel', 'latch sequential', 'action']) {
      const row = lines.find((l) => l.startsWith(`${method} |`));
      t.match(row, new RegExp(`^${method} \\| ${num} / ${num}( \\(declared --action-skew-ns\\))? \\| ${num} / ${num} \\| 93 \\| 0$`), `${method}: widths and errors of 93 deltas, none failed`);
    }
    t.match(lines.find((l) => l.startsWith('latch parallel interval width')), /= \d+x \(target >= 20x\)/);
    t.same(ours(), [], "the bench's lab is gone");
  });
}
