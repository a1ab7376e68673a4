/**
 * PmcClient against real linuxptp ptp4l instances in network namespaces joined by a veth pair.
 * Needs root, `ip`, `ptp4l` and `pmc`. Never skips under CI (fails instead).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { PmcClient, PmcError, type PmcErrorCode } from '../../src/host/index.js';
import { createLab, requireRootLab, type NetnsLab, pidAlive } from '../support/netns.js';
import { startPtp4l } from '../support/ptp4l.js';

// Faster than linuxptp's defaults so each topology settles in a few seconds.
const FAST = { logAnnounceInterval: -2, announceReceiptTimeout: 2, logSyncInterval: -2, logMinDelayReqInterval: -2 } as const;

async function pair(t: Test): Promise<{ lab: NetnsLab; hostNs: string; peerNs: string }> {
  const lab = createLab(t);
  const hostNs = await lab.addNamespace('host');
  const peerNs = await lab.addNamespace('peer');
  await lab.addVethPair(hostNs, 'h0', peerNs, 'p0');
  await lab.addAddress(hostNs, 'h0', '169.254.77.1/24');
  await lab.addAddress(peerNs, 'p0', '169.254.77.2/24');
  return { lab, hostNs, peerNs };
}

async function code(p: Promise<unknown>): Promise<{ code: PmcErrorCode | 'ok'; err: PmcError | null }> {
  try {
    await p;
    return { code: 'ok', err: null };
  } catch (e) {
    if (e instanceof PmcError) return { code: e.code, err: e };
    throw e;
  }
}

const pidGone = (pid: number): boolean => !pidAlive(pid);

if (requireRootLab(t, ['ptp4l', 'pmc'])) {
  t.test('host ptp4l alone: grandmaster, LISTENING first, then MASTER', async (t) => {
    const { lab, hostNs } = await pair(t);
    // Default-ish announce timing keeps the port LISTENING for ~3 s, long enough to observe.
    const host = await startPtp4l(lab, { ns: hostNs, interfaces: ['h0'], name: 'host', logAnnounceInterval: 0, announceReceiptTimeout: 3, logSyncInterval: -2 });
    const client = new PmcClient({ uds: host.socketPath });
    const early = await client.query();
    t.equal(early.status.role, 'grandmaster', 'names itself GM at once');
    const earlyState = early.status.portStates[0]?.state;
    t.ok(earlyState === 'LISTENING' || earlyState === 'MASTER', `early state ${earlyState}`);
    if (earlyState === 'LISTENING') t.equal(early.status.allPortsMaster, false, 'flagged not yet MASTER');

    await host.waitForPortState('MASTER');
    const id = await host.clockIdentity();
    const st = await client.hostStatus();
    t.match(st, {
      role: 'grandmaster',
      allPortsMaster: true,
      portStates: [{ port: 1, state: 'MASTER' }],
      clockIdentity: id,
      grandmasterIdentity: id,
      grandmasterIdentitySource: 'PARENT_DATA_SET',
      stepsRemoved: 0,
      gmPresent: false,
      domainNumber: 0,
      socketPath: host.socketPath,
      problems: [],
    });
    t.type(st.currentUtcOffset, 'number');
    t.type(st.ptpTimescale, 'boolean');

    const viaCandidates = await new PmcClient({ socketCandidates: [join(host.dir, 'absent'), host.socketPath] }).query();
    t.equal(viaCandidates.socketPath, host.socketPath, 'skips an absent candidate');
  });

  t.test('host grandmaster with a slaveOnly peer', async (t) => {
    const { lab, hostNs, peerNs } = await pair(t);
    const host = await startPtp4l(lab, { ns: hostNs, interfaces: ['h0'], name: 'host', ...FAST });
    const peer = await startPtp4l(lab, { ns: peerNs, interfaces: ['p0'], name: 'peer', slaveOnly: true, ...FAST });
    await host.waitForPortState('MASTER');
    await peer.waitForPortState('UNCALIBRATED');
    const hostId = await host.clockIdentity();
    t.match(await new PmcClient({ uds: host.socketPath }).hostStatus(), { role: 'grandmaster', grandmasterIdentity: hostId, allPortsMaster: true });
    const ps = await new PmcClient({ uds: peer.socketPath }).hostStatus();
    t.match(ps, { role: 'slave', locking: true, grandmasterIdentity: hostId, stepsRemoved: 1, gmPresent: true, slaveOnly: true });
    t.not(ps.clockIdentity, hostId);
  });

  t.test('host slave of a better grandmaster: UNCALIBRATED, then SLAVE', async (t) => {
    const { lab, hostNs, peerNs } = await pair(t);
    const host = await startPtp4l(lab, { ns: hostNs, interfaces: ['h0'], name: 'host', ...FAST });
    const gm = await startPtp4l(lab, { ns: peerNs, interfaces: ['p0'], name: 'gm', priority1: 100, ...FAST });
    const gmId = await gm.clockIdentity();
    // free_running keeps the port UNCALIBRATED (servo never reports a lock) until the flag below.
    await host.waitForPortState('UNCALIBRATED');
    const client = new PmcClient({ uds: host.socketPath });
    const locking = await client.hostStatus();
    t.match(locking, {
      role: 'slave',
      locking: true,
      portStates: [{ port: 1, state: 'UNCALIBRATED' }],
      grandmasterIdentity: gmId,
      grandmasterPriority1: 100,
      stepsRemoved: 1,
      gmPresent: true,
      priority1: 128,
    });
    t.not(locking.clockIdentity, gmId);
    await host.setSynchronizationUncertain(false);
    await host.waitForPortState('SLAVE');
    const locked = await client.hostStatus();
    t.match(locked, { role: 'slave', locking: false, portStates: [{ port: 1, state: 'SLAVE' }], grandmasterIdentity: gmId });
    t.type(locked.offsetFromMasterNs, 'number');
    t.type(locked.meanPathDelayNs, 'number');
    t.type(locked.ingressTimeNs, 'bigint');
  });

  t.test('ptp4l not running, then killed (stale socket)', async (t) => {
    const { lab, hostNs } = await pair(t);
    const host = await startPtp4l(lab, { ns: hostNs, interfaces: ['h0'], name: 'host', ...FAST });
    const absent = join(host.dir, 'nothing-here');
    const a = await code(new PmcClient({ uds: absent }).query());
    t.equal(a.code, 'ERR_PTP4L_NOT_RUNNING');
    t.match(a.err?.message ?? '', absent);
    await host.kill();
    const s = await code(new PmcClient({ uds: host.socketPath }).query());
    t.equal(s.code, 'ERR_PTP4L_STALE_SOCKET', s.err?.message ?? 'no error');
    t.match(s.err?.message ?? '', host.socketPath);
  });

  t.test('wrong domain: no answer, the domain is named', async (t) => {
    const { lab, hostNs } = await pair(t);
    const host = await startPtp4l(lab, { ns: hostNs, interfaces: ['h0'], name: 'host', domainNumber: 3, ...FAST });
    const wrong = await code(new PmcClient({ uds: host.socketPath }).query());
    t.equal(wrong.code, 'ERR_PMC_NO_ANSWER');
    t.match(wrong.err?.message ?? '', /domain 0/);
    const wrong5 = await code(new PmcClient({ uds: host.socketPath, domain: 5 }).query());
    t.match(wrong5.err?.message ?? '', /domain 5/);
    const right = await new PmcClient({ uds: host.socketPath, domain: 3 }).hostStatus();
    t.equal(right.domainNumber, 3);
  });

  t.test('ptp4l SIGSTOPped: bounded, pmc killed, nothing left behind', async (t) => {
    const { lab, hostNs } = await pair(t);
    const host = await startPtp4l(lab, { ns: hostNs, interfaces: ['h0'], name: 'host', ...FAST });
    await host.waitForPortState('MASTER');
    const tmpRoot = await mkdtemp(join(tmpdir(), 'ptpcam-pmc-stop-'));
    t.teardown(() => rm(tmpRoot, { recursive: true, force: true }));
    host.stop();
    const timeoutMs = 1000;
    const pids: number[] = [];
    const client = new PmcClient({ uds: host.socketPath, timeoutMs, tmpRoot, onSpawn: (p) => pids.push(p) });
    const seen: string[] = [];
    // Each call queues 7 datagrams; the queue holds 11 (max_dgram_qlen 10), so the 2nd call blocks in sendto().
    for (let i = 0; i < 4 && !seen.includes('ERR_PTP4L_HUNG'); i++) {
      const started = Date.now();
      const r = await code(client.query());
      const took = Date.now() - started;
      seen.push(r.code);
      t.ok(r.code === 'ERR_PTP4L_HUNG' || r.code === 'ERR_PMC_NO_ANSWER', `call ${i + 1}: ${r.code}`);
      t.ok(took < timeoutMs + 3000, `call ${i + 1} returned within the timeout plus a margin`);
      t.same(await readdir(tmpRoot), [], 'no client socket or temp dir left');
      t.ok(pids.every(pidGone), 'every pmc is gone');
    }
    t.ok(seen.includes('ERR_PTP4L_HUNG'), `the full queue was detected as hung (${seen.join(', ')})`);
    host.cont();
    // After SIGCONT ptp4l drains the queued requests (their senders are gone), then answers again.
    let role = '';
    for (let i = 0; i < 10 && role !== 'grandmaster'; i++) {
      const r = await code(client.query());
      if (r.code === 'ok') role = (await client.hostStatus()).role;
    }
    t.equal(role, 'grandmaster', 'answers again after SIGCONT');
  });
}
