/**
 * Property-based rows (fast-check): malformed rig files and argument lists never get past one line and exit 1;
 * random and truncated pmc output never makes the parser throw, and PmcClient reports what it cannot read as a
 * PmcError (unparsable / no answer), never as a crash.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import fc from 'fast-check';
import t from 'tap';

import { parseRig } from '../../src/cameras/rigFile.js';
import { timestatOptions } from '../../src/cli/timestat.js';
import { PtpcamError } from '../../src/errors.js';
import { hostStatus, parsePmcSnapshot, PmcClient, PmcError, snapshotHasData } from '../../src/host/index.js';
import { cliMain, repoRoot, tempDir } from '../support/cli.js';
import { noTrace, oneLineError, pmcDirsIn, row, spawnTracked } from './support.js';

const SEED = Number(process.env.PTPCAM_FAULTS_SEED ?? 20250101);
const CLI_RUNS = Number(process.env.PTPCAM_FAULTS_CLI_RUNS ?? 10);

async function cli(args: string[]): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const p = spawnTracked(process.execPath, [cliMain, ...args], { cwd: repoRoot, timeoutMs: 60_000 });
  return p.done;
}

// ---------------------------------------------------------------------------------------------------------
// Rig files

const goodCamera = fc.record({ serial: fc.stringMatching(/^[A-Z0-9]{1,8}$/) });
/** Values that are wrong for most fields: wrong types, out of range, NaN-ish strings, nested junk. */
const junk = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.double(),
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);
const FIELDS = ['serial', 'offsetNs', 'driftPpb', 'latency', 'features', 'role', 'listeningMs', 'faults', 'ptpEnabled', 'bogus'];
const FAULTS = ['stopAnsweringAtSample', 'sdkTimeoutMs', 'slowMs', 'neverConverges', 'grandmasterId', 'typo'];

/** A valid rig with one field (top level, camera or camera.faults) replaced by junk; many come out invalid. */
const mutatedRig = fc
  .tuple(fc.array(goodCamera, { minLength: 1, maxLength: 3 }), fc.constantFrom('top', 'camera', 'faults', 'cameras'), fc.constantFrom(...FIELDS), fc.constantFrom(...FAULTS), junk)
  .map(([cams, where, field, fault, value]) => {
    const rig: Record<string, unknown> = { cameras: cams.map((c) => ({ ...c })) };
    const first = (rig.cameras as Record<string, unknown>[])[0]!;
    if (where === 'top') rig[field === 'serial' ? 'host' : field] = value;
    else if (where === 'camera') first[field] = value;
    else if (where === 'faults') first.faults = { [fault]: value };
    else rig.cameras = value;
    return rig;
  });

/** Text that is not a whole JSON document: a valid rig cut short, or junk. */
const brokenText = fc.oneof(
  mutatedRig.chain((rig) => {
    const text = JSON.stringify(rig);
    return fc.integer({ min: 0, max: Math.max(0, text.length - 1) }).map((n) => text.slice(0, n));
  }),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', '\u0000', '{"cameras": [', 'null', '[]', '{"cameras": []}', '\ufeff{}'),
);

t.test('malformed rig files: ERR_RIG_FILE in one line, never another error', async (t) => {
  const r = row(t, 'bad-rig-files');
  let rejected = 0;
  let accepted = 0;
  fc.assert(
    fc.property(fc.oneof(mutatedRig, junk), (doc) => {
      try {
        parseRig(doc);
        accepted++;
        return true;
      } catch (e) {
        rejected++;
        return e instanceof PtpcamError && e.code === 'ERR_RIG_FILE' && !e.message.includes('\n') && e.message.startsWith('rig file: ');
      }
    }),
    { numRuns: 2000, seed: SEED },
  );
  t.ok(rejected > 500, `parseRig: ${rejected} rejected, ${accepted} accepted, all rejections ERR_RIG_FILE in one line`);

  const dir = tempDir(t);
  const samples = fc.sample(brokenText, { numRuns: CLI_RUNS, seed: SEED });
  let ok = 0;
  for (const [i, text] of samples.entries()) {
    const file = join(dir, `rig${i}.json`);
    writeFileSync(file, text);
    const res = await cli(['timestat', '--sim', file, '--samples', '1']);
    const line = oneLineError(res.stderr);
    if (res.code === 1 && line !== null && noTrace(res.stderr) && res.stdout === '') ok++;
    else t.fail(`rig ${JSON.stringify(text).slice(0, 80)}: exit ${res.code}, stderr ${res.stderr.slice(0, 300)}`);
  }
  t.equal(ok, samples.length, `CLI: ${ok}/${samples.length} broken rig files gave exit 1 and one line`);
  r.observed = `parseRig: ${rejected}/${rejected + accepted} generated rigs rejected, all ERR_RIG_FILE one-liners; CLI: ${ok}/${samples.length} exit 1 + one line`;
});

// ---------------------------------------------------------------------------------------------------------
// Argument lists

const word = fc.stringMatching(/^[a-z0-9._-]{0,6}$/);
/** One token group that is always wrong; the rest of the list is valid. */
const badGroup = fc.oneof(
  fc.tuple(fc.constantFrom('--samples', '--timeout-s', '--interval-ms', '--threshold-ns', '--domain', '--print-samples'), word).map(([o, v]) => [o, `x${v}`]),
  fc.tuple(fc.constantFrom('--samples', '--domain'), fc.integer({ min: -1e6, max: 0 })).map(([o, v]) => [o, String(v === 0 && o === '--domain' ? -1 : v)]),
  fc.tuple(fc.constantFrom('--strategy', '--backend', '--log-level'), word).map(([o, v]) => [o, `bad${v}`]),
  word.map((w) => [`--no-such-${w}`]),
  word.map((w) => [`stray${w}`]),
  fc.constant(['--sim', '0']),
  fc.constant(['--sim', '/nonexistent/rig.json']),
  fc.constant(['--serials', ',,']),
);
const goodGroup = fc.constantFrom(['--samples', '2'], ['--json'], ['--interval-ms', '0'], ['--strategy', 'sequential'], ['--threshold-ns', '1000'], ['--log-level', 'error']);
const argList = fc
  .tuple(fc.array(goodGroup, { maxLength: 2 }), badGroup, fc.array(goodGroup, { maxLength: 2 }))
  .map(([a, bad, b]) => [...a.flat(), ...bad, ...b.flat()]);

t.test('malformed argument lists: exit 1, one line, never a trace', async (t) => {
  const r = row(t, 'bad-arguments');
  // In-process: the option checks of timestat either return or throw ERR_USAGE with one line.
  let usageErrors = 0;
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom('samples', 'interval-ms', 'threshold-ns', 'timeout-s', 'domain', 'print-samples'), fc.oneof(fc.string({ maxLength: 12 }), fc.double(), fc.integer())), (argv) => {
      try {
        timestatOptions({ samples: '1', 'interval-ms': '0', 'threshold-ns': '1', 'timeout-s': '1', iface: 'x', ...argv });
        return true;
      } catch (e) {
        usageErrors++;
        return e instanceof PtpcamError && e.code === 'ERR_USAGE' && !e.message.includes('\n');
      }
    }),
    { numRuns: 2000, seed: SEED },
  );
  const lists = fc.sample(argList, { numRuns: CLI_RUNS, seed: SEED });
  let ok = 0;
  for (const [i, args] of lists.entries()) {
    const cmd = i % 3 === 2 ? ['check', '--sim', '2', '--timeout-s', '1', '--settle-s', '0'] : ['timestat', '--sim', '2'];
    const res = await cli([...cmd, ...args]);
    if (res.code === 1 && oneLineError(res.stderr) !== null && noTrace(res.stderr + res.stdout)) ok++;
    else t.fail(`${[...cmd, ...args].join(' ')}: exit ${res.code}, stderr ${res.stderr.slice(0, 300)}`);
  }
  t.equal(ok, lists.length, `${ok}/${lists.length} generated bad argument lists gave exit 1 and one line`);
  r.observed = `options: ${usageErrors} ERR_USAGE one-liners in 2000 generated argv; CLI: ${ok}/${lists.length} exit 1 + one line`;
});

// ---------------------------------------------------------------------------------------------------------
// pmc output

const fixturesDir = resolve(repoRoot, '..', 'shared', 'fixtures', 'pmc');
const fixtures = existsSync(fixturesDir) ? readdirSync(fixturesDir).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(join(fixturesDir, f), 'utf8')) : [];
const pmcLine = fc.oneof(
  fc.constantFrom('sending: GET PORT_DATA_SET', '\t0a0b0c.fffe.0d0e0f-1 seq 0 RESPONSE MANAGEMENT PORT_DATA_SET ', '\t0a0b0c.fffe.0d0e0f-0 seq 1 RESPONSE MANAGEMENT CURRENT_DATA_SET ', '\t\tportState               MASTER', '\t\toffsetFromMaster        -12.0', '\t\tstepsRemoved            x', 'id X is too ambiguous', '\t0a0b0c.fffe.0d0e0f-1 seq 2 RESPONSE MANAGEMENT_ERROR_STATUS '),
  fc.tuple(fc.constantFrom('\t', '\t\t', ''), fc.string({ maxLength: 30 })).map(([a, b]) => a + b),
);
const pmcText = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.array(pmcLine, { maxLength: 30 }).map((ls) => ls.join('\n') + '\n'),
  ...(fixtures.length > 0
    ? [
        fc.tuple(fc.constantFrom(...fixtures), fc.double({ min: 0, max: 1, noNaN: true })).map(([f, cut]) => f.slice(0, Math.floor(f.length * cut))),
        fc.tuple(fc.constantFrom(...fixtures), fc.integer({ min: 0, max: 2000 }), fc.string({ maxLength: 20 })).map(([f, at, s]) => f.slice(0, at) + s + f.slice(at)),
      ]
    : []),
);

t.test('random and truncated pmc output: the parser never throws', async (t) => {
  const r = row(t, 'pmc-output-random');
  let unparsable = 0;
  let runs = 0;
  fc.assert(
    fc.property(pmcText, (text) => {
      runs++;
      const snap = parsePmcSnapshot(text);
      if (!snap.answered || !snapshotHasData(snap)) unparsable++;
      else hostStatus(snap, { socketPath: '/x' });
      return true;
    }),
    { numRuns: 3000, seed: SEED },
  );
  // Pure junk (no RESPONSE header from a clock) is never taken for an answer.
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }).filter((s) => !s.includes('RESPONSE')), (text) => {
      const snap = parsePmcSnapshot(text);
      return !snap.answered && !snapshotHasData(snap);
    }),
    { numRuns: 1000, seed: SEED },
  );
  t.ok(fixtures.length > 0, `${fixtures.length} real pmc captures used for truncation/insertion`);
  t.pass(`${runs} inputs parsed without throwing; ${unparsable} reported as no answer / unparsable`);
  r.observed = `${runs} random/truncated/spliced outputs (${fixtures.length} real captures): no throw; ${unparsable} not answered/unparsable; junk never counted as an answer`;
});

t.test('PmcClient on random pmc output: a PmcError naming the socket, never a crash', async (t) => {
  const r = row(t, 'pmc-output-client');
  const dir = mkdtempSync(join(tmpdir(), 'ptpcam-fakepmc-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const pmcTmp = join(dir, 'tmp');
  const fake = join(dir, 'pmc');
  const out = join(dir, 'out.txt');
  writeFileSync(fake, `#!/bin/sh\ncat "${out}"\n`);
  chmodSync(fake, 0o755);
  writeFileSync(join(dir, '.keep'), '');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(pmcTmp);
  // A bound stream socket stands in for ptp4l's (probeSocket counts it as alive).
  const sock = join(dir, 'ptp4l.sock');
  const server = createServer((c) => c.destroy());
  await new Promise<void>((res) => server.listen(sock, res));
  t.teardown(() => new Promise<void>((res) => server.close(() => res())));
  const client = new PmcClient({ uds: sock, pmcPath: fake, tmpRoot: pmcTmp, timeoutMs: 5000 });
  const codes = new Map<string, number>();
  const withResponse = fc.tuple(fc.array(pmcLine, { maxLength: 10 }), fc.string({ maxLength: 60 })).map(([ls, s]) => ['\t0a0b0c.fffe.0d0e0f-1 seq 0 RESPONSE MANAGEMENT PORT_DATA_SET ', ...ls, s].join('\n'));
  const inputs = fc.sample(fc.oneof(pmcText, withResponse), { numRuns: 40, seed: SEED });
  let bad = 0;
  for (const text of inputs) {
    writeFileSync(out, text);
    try {
      await client.query();
      codes.set('ok', (codes.get('ok') ?? 0) + 1);
    } catch (e) {
      if (!(e instanceof PmcError) || !e.message.includes(sock) || e.message.includes('\n')) {
        bad++;
        t.fail(`unexpected ${String(e)} for ${JSON.stringify(text).slice(0, 100)}`);
        continue;
      }
      codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
    }
  }
  t.equal(bad, 0, 'every failure is a PmcError with the socket path in one line');
  t.ok((codes.get('ERR_PMC_UNPARSABLE') ?? 0) > 0, 'answers that cannot be read are reported as unparsable');
  t.ok([...codes.keys()].every((c) => ['ok', 'ERR_PMC_UNPARSABLE', 'ERR_PMC_NO_ANSWER'].includes(c)), `codes: ${JSON.stringify([...codes])}`);
  t.same(pmcDirsIn(pmcTmp), [], 'no pmc client dir left behind');
  r.observed = `${inputs.length} fake-pmc runs: ${[...codes].map(([k, v]) => `${k}×${v}`).join(', ')}; no other error, no dir left`;
});
