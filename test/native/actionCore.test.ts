// The action method's plain C++ core (frame placement, destinations, packet bytes), built with g++ and run
// without Node: test/native/actionCore/action_core_test.cc prints TAP, each line becomes an assertion here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const root = fileURLToPath(new URL('../..', import.meta.url));
const core = join(root, 'src/native/core');
const work = mkdtempSync(join(tmpdir(), 'ptpcam-action-core-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));

const exe = join(work, 'action_core_test');
const build = spawnSync(
  process.env['CXX'] ?? 'g++',
  [
    '-std=c++17', '-Wall', '-Wextra', '-Werror', '-g', '-I', core,
    join(core, 'action/frame_matcher.cc'), join(core, 'action/action_targets.cc'), join(core, 'camera_driver.cc'),
    join(root, 'test/native/actionCore/action_core_test.cc'), '-o', exe,
  ],
  { encoding: 'utf8' },
);
t.equal(build.status, 0, `g++ builds the core test${build.stderr ? `: ${build.stderr}` : ''}`);

if (build.status === 0) {
  const run = spawnSync(exe, [], { encoding: 'utf8' });
  const lines = run.stdout.split('\n');
  let count = 0;
  for (const line of lines) {
    const m = /^(ok|not ok) \d+ - (.*)$/.exec(line);
    if (!m) continue;
    count++;
    t.ok(m[1] === 'ok', m[2]!);
  }
  t.ok(count >= 15, `the core test ran its assertions (${count})`);
  t.equal(run.status, 0, 'the core test exits 0');
}
