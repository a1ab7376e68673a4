/**
 * The prebuilds in prebuilds/ need nothing newer than Ubuntu 20.04 has: every versioned glibc symbol at or
 * below GLIBC_2.31 (objdump -T and readelf -V), and no libstdc++ / libgcc_s in readelf -d's NEEDED
 * (they are linked statically). Assumes the prebuild script already ran (prebuilds/linux-{x64,arm64}).
 */
import t from 'tap';
import { GLIBC_CEILING, compareVersions, guard, inspectPrebuild, prebuildFile, run, which } from './support.js';

t.test('the checker compares versions numerically', async (t) => {
  t.equal(compareVersions('2.31', '2.31'), 0);
  t.equal(compareVersions('2.4', '2.31'), -1, '2.4 < 2.31');
  t.equal(compareVersions('2.34', '2.31'), 1);
  t.equal(compareVersions('2.2.5', '2.3'), -1);
  t.equal(GLIBC_CEILING, '2.31', "Ubuntu 20.04's glibc");
});

for (const arch of ['x64', 'arm64'] as const) {
  t.test(`linux-${arch} prebuild`, async (t) => {
    const file = prebuildFile(arch);
    const tools = ['readelf', 'objdump'].filter((x) => !which(x));
    if (!guard(t, tools.length ? `${tools.join(', ')} not found (apt-get install binutils)` : null)) return;
    if (!guard(t, file ? null : `no prebuilds/linux-${arch}/*.node (run the prebuild script first)`)) return;
    const f = file as string;
    t.match(f, /ptpcam\.glibc\.node$/, 'named for node-gyp-build: <name>.glibc.node (N-API, any Node >= 20)');

    const r = inspectPrebuild(f, { arch });
    t.comment(`${arch}: machine ${r.machine}; NEEDED ${r.needed.join(' ')}; GLIBC max ${r.glibcMax}`);
    t.equal(r.type, 'DYN', 'a shared object');
    t.equal(r.machine, arch === 'x64' ? 'Advanced Micro Devices X86-64' : 'AArch64', `an ${arch} ELF`);
    t.ok(r.needed.includes('libc.so.6'), 'links libc');
    t.notOk(
      r.needed.some((n) => /libstdc\+\+|libgcc_s/.test(n)),
      `no libstdc++ / libgcc_s in NEEDED (got ${r.needed.join(', ')})`,
    );
    t.ok(r.glibc.length > 0, 'has versioned glibc symbols (the check is not vacuous)');
    t.ok(
      r.glibcMax !== null && compareVersions(r.glibcMax, GLIBC_CEILING) <= 0,
      `highest GLIBC_ version ${r.glibcMax} <= ${GLIBC_CEILING}`,
    );
    t.same(r.glibcxx, [], 'no GLIBCXX_ versions needed');
    t.same(r.cxxabi, [], 'no CXXABI_ versions needed');
    t.same(r.gcc, [], 'no GCC_ (libgcc_s) versions needed');
    t.same(r.problems, [], 'elf-check.mjs finds no problem');

    if (arch === 'x64') {
      // The literal check asked for: objdump -T's dynamic symbols.
      const od = await run('objdump', ['-T', f]);
      t.equal(od.code, 0, 'objdump -T runs');
      const versions = [...new Set([...od.stdout.matchAll(/GLIBC_([0-9.]+)/g)].map((m) => m[1] as string))];
      t.ok(versions.length > 0, `objdump -T lists GLIBC_ versions: ${versions.sort(compareVersions).join(' ')}`);
      const over = versions.filter((v) => compareVersions(v, GLIBC_CEILING) > 0);
      t.same(over, [], `objdump -T: no GLIBC_ version above ${GLIBC_CEILING}`);
      t.notMatch(od.stdout, /GLIBCXX_|CXXABI_/, 'objdump -T: no libstdc++ symbols');
      const rd = await run('readelf', ['-d', f]);
      t.notMatch(rd.stdout, /NEEDED.*(libstdc\+\+|libgcc_s)/, 'readelf -d: no libstdc++ / libgcc_s NEEDED');
    }
  });
}
