#!/usr/bin/env node
// What a prebuilt addon needs from the system it is loaded on, read with binutils' readelf (and objdump -T
// where the host's objdump knows the machine). Used by scripts/prebuild/build.sh after each build and by
// test/prebuild/*.test.ts.
//
//   node scripts/prebuild/elf-check.mjs <file.node> [--max-glibc 2.31]   prints a JSON summary; exit 1 on a problem
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Ubuntu 20.04's glibc: the oldest system a prebuild must load on. */
export const GLIBC_CEILING = '2.31';

/** Libraries a prebuild may link dynamically: libc and what glibc split from it, nothing from gcc. */
export const ALLOWED_NEEDED = [
  /^libc\.so\.6$/,
  /^libdl\.so\.2$/,
  /^libpthread\.so\.0$/,
  /^libm\.so\.6$/,
  /^librt\.so\.1$/,
  /^ld-linux-(x86-64|aarch64)\.so\.[12]$/,
];

const MACHINES = { x64: 'Advanced Micro Devices X86-64', arm64: 'AArch64' };

/** Compare dotted versions numerically: -1, 0, 1. */
export function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function run(cmd, args) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

/** Every `PREFIX_x.y[.z]` version named in text, sorted, unique. */
function versionsIn(text, prefix) {
  const re = new RegExp(`\\b${prefix}_([0-9]+(?:\\.[0-9]+)*)\\b`, 'g');
  const found = new Set();
  for (const m of text.matchAll(re)) found.add(m[1]);
  return [...found].sort(compareVersions);
}

/**
 * Inspect one prebuild.
 * @param {string} file path of a .node file
 * @param {{ arch?: 'x64' | 'arm64', maxGlibc?: string }} [opts]
 */
export function inspectPrebuild(file, opts = {}) {
  const maxGlibc = opts.maxGlibc ?? GLIBC_CEILING;
  const header = run('readelf', ['-h', '-W', file]);
  const machine = /Machine:\s+(.+)/.exec(header)?.[1]?.trim() ?? 'unknown';
  const type = /Type:\s+(\S+)/.exec(header)?.[1] ?? 'unknown';
  const dynamic = run('readelf', ['-d', '-W', file]);
  const needed = [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
  // Version needs (.gnu.version_r): exactly what the dynamic linker checks at load time.
  const versionInfo = run('readelf', ['-V', '-W', file]);
  const glibc = versionsIn(versionInfo, 'GLIBC');
  const glibcxx = versionsIn(versionInfo, 'GLIBCXX');
  const cxxabi = versionsIn(versionInfo, 'CXXABI');
  const gccVersions = versionsIn(versionInfo, 'GCC');
  // objdump -T reads the dynamic symbol table; the host's objdump only knows the host's machines.
  let objdumpGlibc = null;
  try {
    objdumpGlibc = versionsIn(run('objdump', ['-T', file]), 'GLIBC');
  } catch {
    objdumpGlibc = null;
  }

  const problems = [];
  if (type !== 'DYN') problems.push(`ELF type is ${type}, not DYN (a shared object)`);
  if (opts.arch && machine !== MACHINES[opts.arch]) {
    problems.push(`machine is "${machine}", not "${MACHINES[opts.arch]}" (${opts.arch})`);
  }
  for (const lib of needed) {
    if (!ALLOWED_NEEDED.some((re) => re.test(lib))) problems.push(`links ${lib} dynamically`);
  }
  const allGlibc = [...new Set([...glibc, ...(objdumpGlibc ?? [])])].sort(compareVersions);
  const glibcMax = allGlibc.at(-1) ?? null;
  for (const v of allGlibc) {
    if (compareVersions(v, maxGlibc) > 0) problems.push(`needs GLIBC_${v} (ceiling GLIBC_${maxGlibc})`);
  }
  if (glibcxx.length) problems.push(`needs libstdc++ symbol versions GLIBCXX_${glibcxx.join(', GLIBCXX_')}`);
  if (cxxabi.length) problems.push(`needs libstdc++ symbol versions CXXABI_${cxxabi.join(', CXXABI_')}`);
  if (gccVersions.length) problems.push(`needs libgcc_s symbol versions GCC_${gccVersions.join(', GCC_')}`);

  return { file, machine, type, needed, glibc: allGlibc, glibcMax, objdumpGlibc, glibcxx, cxxabi, gcc: gccVersions, problems };
}

/** The one .node file in prebuilds/linux-<arch>/, or null. */
export function findPrebuild(repoRoot, arch) {
  const dir = join(repoRoot, 'prebuilds', `linux-${arch}`);
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => f.endsWith('.node'));
  return files.length ? join(dir, files[0]) : null;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  const i = args.indexOf('--max-glibc');
  const j = args.indexOf('--arch');
  if (!file) {
    console.error('usage: elf-check.mjs <file.node> [--arch x64|arm64] [--max-glibc 2.31]');
    process.exit(2);
  }
  const report = inspectPrebuild(file, {
    maxGlibc: i >= 0 ? args[i + 1] : undefined,
    arch: j >= 0 ? args[j + 1] : undefined,
  });
  console.log(JSON.stringify(report, null, 2));
  process.exit(report.problems.length ? 1 : 0);
}
