// Builds the lab's native helpers with the system C compiler, once per source version: the binary is cached
// under the OS temp dir by a hash of its source, so every test process and camera finds it ready. Compiling
// to a temp name and renaming keeps two processes that build at once from running a half-written binary.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type NativeHelper = 'stamped_udp' | 'arv_frames' | 'send_cost';

/** Extra compiler arguments per helper (libraries after the source, as the linker wants them). */
const LINK: Record<NativeHelper, string[]> = {
  stamped_udp: [],
  send_cost: [],
  // No Aravis headers on Debian without the -dev package: the consumer declares the few symbols it uses and
  // loads libaravis-0.8 (and GLib) with dlopen, as ptpcam's own Aravis driver does.
  arv_frames: ['-ldl'],
};

export function nativeHelperPath(name: NativeHelper): string {
  const src = fileURLToPath(new URL(`./${name}.c`, import.meta.url));
  const hash = createHash('sha256').update(readFileSync(src)).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), 'ptpcam-lab-native');
  const bin = join(dir, `${name}-${hash}`);
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const tmp = `${bin}.${process.pid}.tmp`;
  try {
    execFileSync('cc', ['-O2', '-Wall', '-Wextra', '-std=gnu11', '-o', tmp, src, ...LINK[name]], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`cannot build the lab helper ${name} with cc: ${(e as Error).message}\n${stderr}`);
  }
  renameSync(tmp, bin);
  return bin;
}
