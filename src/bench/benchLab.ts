/**
 * What the lab benches (gvcp, action) share: whether the namespace lab can run here, where the built CLI is, and
 * the lab itself, loaded from test/lab through tsx (a dev dependency: the lab is TypeScript under test/).
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built CLI that the benches run inside the lab's host namespace. */
export const cliMain = resolve(repoRoot, 'dist', 'cli', 'main.js');
/** The built module that loads the addon, for scripts a bench runs inside the lab. */
export const bindingModule = resolve(repoRoot, 'dist', 'binding.js');
const labModule = resolve(repoRoot, 'test', 'lab', 'VirtualLab.ts');

function onPath(cmd: string): boolean {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin']);
  return dirs.some((d) => {
    try {
      accessSync(join(d, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The lab benches run their modes in turns, this many rounds, so that a noisy minute on a shared host (its steal
 *  and its tails come and go) falls on every mode alike instead of on whichever ran during it. */
export const ROUNDS = 3;

/** How many of `samples` round `round` runs (the first rounds take the remainder). */
export function roundSamples(samples: number, round: number): number {
  return Math.floor(samples / ROUNDS) + (round < samples % ROUNDS ? 1 : 0);
}

/** Why the lab cannot run here (root, Linux, the tools it needs, the lab and the CLI in this tree), or null. */
export function labUnavailable(tools: readonly string[]): string | null {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'needs root (network namespaces for the virtual camera lab)';
  const missing = tools.filter((c) => !onPath(c));
  if (missing.length > 0) return `missing tools: ${missing.join(', ')} (apt install iproute2 linuxptp build-essential)`;
  if (!existsSync(labModule)) return `the lab (${labModule}) is not in this tree`;
  if (!existsSync(cliMain)) return `${cliMain} is not built (npm run build:ts)`;
  return null;
}

/** test/lab/VirtualLab.ts, typed by the caller as the part of it that bench uses. */
export async function loadLab<T>(): Promise<T> {
  const { tsImport } = (await import('tsx/esm/api')) as { tsImport: (path: string, parent: string) => Promise<unknown> };
  return (await tsImport(labModule, import.meta.url)) as T;
}
