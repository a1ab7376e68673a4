/**
 * The folders of src/ are the architecture (docs/architecture.md): no two import each other, directly or round
 * about, and the rig layer (cameras, host) imports no command. Read from the import lines of every .ts file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import t from 'tap';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'native' ? [] : tsFiles(p);
    return n.endsWith('.ts') ? [p] : [];
  });
}

/** The top folder of src/ a path is in; files directly in src/ are '(top)'. */
function folderOf(path: string): string {
  const parts = relative(src, path).split(sep);
  return parts.length > 1 ? parts[0]! : '(top)';
}

const edges = new Map<string, Map<string, string>>();
for (const file of tsFiles(src)) {
  const from = folderOf(file);
  for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
    const to = folderOf(normalize(join(dirname(file), m[1]!)));
    if (to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    edges.get(from)!.set(to, relative(src, file));
  }
}

t.test('no folder of src/ reaches itself through its imports', async (t) => {
  const cycles: string[] = [];
  const walk = (node: string, path: string[]): void => {
    for (const [next, file] of edges.get(node) ?? []) {
      if (next === path[0]) cycles.push(`${[...path, next].join(' -> ')} (closed by ${file})`);
      else if (!path.includes(next)) walk(next, [...path, next]);
    }
  };
  for (const folder of edges.keys()) walk(folder, [folder]);
  t.same(cycles, []);
  t.ok(edges.size >= 8, `the graph was read (${edges.size} folders import others)`);
});

t.test('the rig layer imports no command', async (t) => {
  for (const layer of ['cameras', 'host']) {
    const reached = [...(edges.get(layer)?.keys() ?? [])];
    t.same(reached.filter((f) => ['check', 'timestat', 'cli', 'report'].includes(f)), [], `${layer} imports ${reached.join(', ')}`);
  }
});
