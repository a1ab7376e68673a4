/**
 * PmcClient against stand-in pmc programs (shell scripts), no root needed: argv, deadline + SIGKILL,
 * exit-255 handling, output interpretation and cleanup. The real-ptp4l cases are in pmcClient.netns.test.ts.
 */
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { PMC_ERROR_CODES, PmcClient, PmcError, PMC_QUERY_IDS } from '../../src/host/index.js';
import { pmcFixturesDir } from './fixtures/pmcFixtures.js';
import { pidAlive } from '../support/netns.js';

async function rejectsWith(t: Test, p: Promise<unknown>, code: string, message?: RegExp): Promise<PmcError | null> {
  try {
    await p;
    t.fail(`expected ${code}, it resolved`);
    return null;
  } catch (e) {
    t.ok(e instanceof PmcError, 'a PmcError');
    const err = e as PmcError;
    t.equal(err.code, code, err.message);
    if (message) t.match(err.message, message);
    t.notMatch(err.message, /\n/, 'one line');
    return err;
  }
}

const pidGone = (pid: number): boolean => !pidAlive(pid);

t.test('PmcClient with stand-in pmc programs', async (t) => {
  const work = await mkdtemp(join(tmpdir(), 'ptpcam-pmc-unit-'));
  const tmpRoot = join(work, 'tmp');
  await writeFile(join(work, '.keep'), '');
  await (await import('node:fs/promises')).mkdir(tmpRoot);
  // A bound socket at the ptp4l path: a stream listener passes the probe like ptp4l's datagram socket.
  const live = join(work, 'ptp4l.sock');
  const server: Server = createServer((c) => c.destroy());
  await new Promise<void>((r) => server.listen(live, r));
  t.teardown(async () => {
    server.close();
    await rm(work, { recursive: true, force: true });
  });

  const script = async (name: string, body: string): Promise<string> => {
    const p = join(work, name);
    await writeFile(p, `#!/bin/sh\n${body}\n`);
    await chmod(p, 0o755);
    return p;
  };
  const argsFile = join(work, 'args');
  const printFixture = (f: string): Promise<string> => script(`pmc-${f}`, `printf '%s\\n' "$@" > '${argsFile}'\ncat '${join(pmcFixturesDir, f)}'`);

  t.test('argv, parse, cleanup', async (t) => {
    let pid = 0;
    const c = new PmcClient({ uds: live, pmcPath: await printFixture('multi-slave.variant1.txt'), domain: 3, transportSpecific: 1, tmpRoot, onSpawn: (p) => (pid = p) });
    const r = await c.query();
    const args = (await readFile(argsFile, 'utf8')).trimEnd().split('\n');
    const iAt = args.indexOf('-i');
    t.same(args.slice(0, 9), ['-u', '-b', '0', '-d', '3', '-t', '1', '-s', live]);
    t.match(args[iAt + 1], new RegExp(`^${tmpRoot}/ptpcam-pmc-[^/]+/pmc\\.sock$`));
    t.same(args.slice(iAt + 2), PMC_QUERY_IDS.map((id) => `GET ${id}`), 'all seven GETs in one call');
    t.match(r.status, { role: 'slave', grandmasterIdentity: 'd26bb0.fffe.2a97fc', socketPath: live });
    t.equal(r.socketPath, live);
    t.ok(pid > 0 && pidGone(pid));
    t.same(await readdir(tmpRoot), [], 'private dir removed');
  });

  t.test('deadline: pmc ignoring SIGTERM is SIGKILLed, ERR_PTP4L_HUNG, nothing left', async (t) => {
    // Like pmc blocked in sendto(): SIGTERM does not end it. The client socket is left behind as pmc would.
    const hang = await script('pmc-hang', `trap '' TERM INT\nwhile [ "$1" != "-i" ]; do shift; done\n: > "$2"\necho "sending: GET CURRENT_DATA_SET"\nexec sleep 30`);
    let pid = 0;
    const c = new PmcClient({ uds: live, pmcPath: hang, timeoutMs: 300, tmpRoot, onSpawn: (p) => (pid = p) });
    const started = Date.now();
    const err = await rejectsWith(t, c.query(), 'ERR_PTP4L_HUNG', /not answering \(stopped or hung\)/);
    t.ok(Date.now() - started < 300 + 5000, 'returned within the deadline plus a margin');
    t.match(err?.message ?? '', live);
    t.ok(pid > 0 && pidGone(pid), 'pmc is gone');
    t.same(await readdir(tmpRoot), [], 'client socket and private dir removed');
  });

  t.test('exit 255 with bind failed: ERR_PMC_CLIENT_SOCKET', async (t) => {
    const bind = await script('pmc-bind', `echo 'pmc[9071.648]: uds: bind failed: Permission denied' >&2\necho 'pmc[9071.648]: failed to open transport' >&2\necho 'failed to create pmc' >&2\nexit 255`);
    const err = await rejectsWith(t, new PmcClient({ uds: live, pmcPath: bind, tmpRoot }).query(), 'ERR_PMC_CLIENT_SOCKET', /bind failed/);
    t.equal(err?.context.exitCode, 255);
    const other = await script('pmc-bad', `echo "pmc: invalid option -- 'w'" >&2\nexit 255`);
    await rejectsWith(t, new PmcClient({ uds: live, pmcPath: other, tmpRoot }).query(), 'ERR_PMC_FAILED', /status 255/);
  });

  t.test('no RESPONSE with a live socket: ERR_PMC_NO_ANSWER names the domain', async (t) => {
    const c = new PmcClient({ uds: live, pmcPath: await printFixture('wrong-domain.CURRENT_DATA_SET.txt'), domain: 5, tmpRoot });
    const err = await rejectsWith(t, c.query(), 'ERR_PMC_NO_ANSWER', /domain 5/);
    t.equal(err?.context.domain, 5);
    t.match(err?.message ?? '', live);
  });

  t.test('garbage output: ERR_PMC_UNPARSABLE only when a reply exists but nothing parses', async (t) => {
    const garbage = await script('pmc-garbage', `printf '\\tf693d1.fffe.f3a9e8-0 seq 0 RESPONSE MANAGEMENT CURRENT_DATA_SET \\n\\t\\tfoo bar\\n'`);
    await rejectsWith(t, new PmcClient({ uds: live, pmcPath: garbage, tmpRoot }).query(), 'ERR_PMC_UNPARSABLE');
  });

  t.test('pmc missing: ERR_PMC_NOT_INSTALLED', async (t) => {
    await rejectsWith(t, new PmcClient({ uds: live, pmcPath: join(work, 'no-such-pmc'), tmpRoot }).query(), 'ERR_PMC_NOT_INSTALLED', /install linuxptp/);
    t.same(await readdir(tmpRoot), []);
  });

  t.test('socket path checks happen before pmc runs', async (t) => {
    const never = await script('pmc-never', `echo ran > '${join(work, 'ran')}'`);
    const absent = join(work, 'absent', 'ptp4l');
    const err = await rejectsWith(t, new PmcClient({ uds: absent, pmcPath: never, tmpRoot }).query(), 'ERR_PTP4L_NOT_RUNNING', /--uds/);
    t.match(err?.message ?? '', absent);
    const many = await rejectsWith(
      t,
      new PmcClient({ socketCandidates: [join(work, 'a'), join(work, 'b')], pmcPath: never, tmpRoot }).query(),
      'ERR_PTP4L_NOT_RUNNING',
      /read-only/,
    );
    t.same(many?.context.triedPaths, [join(work, 'a'), join(work, 'b')]);
    const regular = join(work, '.keep');
    await rejectsWith(t, new PmcClient({ uds: regular, pmcPath: never, tmpRoot }).query(), 'ERR_PTP4L_NOT_RUNNING', /not a socket/);
    const long = join(work, 'x'.repeat(120));
    await rejectsWith(t, new PmcClient({ uds: long, pmcPath: never, tmpRoot }).query(), 'ERR_PMC_FAILED', /longer than 107 bytes/);
    // Falls through absent candidates to the live one.
    const ok = await new PmcClient({ socketCandidates: [join(work, 'a'), live], pmcPath: await printFixture('multi-gm-peer.variant2.txt'), tmpRoot }).query();
    t.equal(ok.socketPath, live);
    t.equal(ok.status.role, 'grandmaster');
    await t.rejects(readFile(join(work, 'ran')), 'pmc never ran for a bad path');
  });

  t.test('option validation and code list', async (t) => {
    t.throws(() => new PmcClient({ domain: 256 }), RangeError);
    t.throws(() => new PmcClient({ transportSpecific: 16 }), RangeError);
    t.throws(() => new PmcClient({ timeoutMs: 0 }), RangeError);
    t.equal(new PmcClient().timeoutMs, 2000);
    t.ok(PMC_ERROR_CODES.includes('ERR_PTP4L_STALE_SOCKET'));
    t.equal(new Set(PMC_ERROR_CODES).size, PMC_ERROR_CODES.length);
  });
});
