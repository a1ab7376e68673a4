import t, { type Test } from 'tap';
import {
  hostStatus,
  localClockIdentity,
  parseCurrentDataSet,
  parseDefaultDataSet,
  parseGrandmasterSettingsNp,
  parseParentDataSet,
  parsePmcSnapshot,
  parsePortDataSet,
  parseTimePropertiesDataSet,
  parseTimeStatusNp,
  PMC_QUERY_IDS,
  tokenizePmcOutput,
  type DatasetResult,
  type HostStatus,
  type PmcSnapshot,
} from '../../src/host/index.js';
import { allCaptureFiles, HOST, PEER, pmcIndex, readCapture } from './fixtures/pmcFixtures.js';

const PARSERS = {
  CURRENT_DATA_SET: parseCurrentDataSet,
  PARENT_DATA_SET: parseParentDataSet,
  DEFAULT_DATA_SET: parseDefaultDataSet,
  TIME_STATUS_NP: parseTimeStatusNp,
  GRANDMASTER_SETTINGS_NP: parseGrandmasterSettingsNp,
  PORT_DATA_SET: parsePortDataSet,
  TIME_PROPERTIES_DATA_SET: parseTimePropertiesDataSet,
} as const;

function ok<T>(t: Test, r: DatasetResult<T>): T {
  if (!r.ok) {
    t.fail(`expected a parsed dataset, got ${r.reason}: ${r.detail}`);
    throw new Error('dataset did not parse');
  }
  return r.value;
}

/** A snapshot assembled from one-ID captures `<case>.<ID>.txt` (each its own pmc run). */
function snapshotOfCase(name: string): PmcSnapshot {
  const read = (id: string): string => {
    try {
      return readCapture(`${name}.${id}.txt`);
    } catch {
      return '';
    }
  };
  const dflt = read('DEFAULT_DATA_SET');
  const local = localClockIdentity(dflt) ?? localClockIdentity(read('PARENT_DATA_SET'));
  const opts = local === null ? {} : { localClockId: local };
  return {
    localClockId: local,
    answered: true,
    currentDataSet: parseCurrentDataSet(read('CURRENT_DATA_SET'), opts),
    parentDataSet: parseParentDataSet(read('PARENT_DATA_SET'), opts),
    defaultDataSet: parseDefaultDataSet(dflt, opts),
    timeStatusNp: parseTimeStatusNp(read('TIME_STATUS_NP'), opts),
    grandmasterSettingsNp: parseGrandmasterSettingsNp(read('GRANDMASTER_SETTINGS_NP'), opts),
    portDataSet: parsePortDataSet(read('PORT_DATA_SET'), opts),
    timePropertiesDataSet: parseTimePropertiesDataSet(read('TIME_PROPERTIES_DATA_SET'), opts),
    messages: [],
    foreignReplies: 0,
    unrecognizedLines: 0,
    truncated: false,
  };
}

/** What does not depend on the run: measured offsets and timestamps excluded. */
function structural(s: HostStatus): Omit<HostStatus, 'offsetFromMasterNs' | 'meanPathDelayNs' | 'masterOffsetNs' | 'ingressTimeNs'> {
  const { offsetFromMasterNs: _a, meanPathDelayNs: _b, masterOffsetNs: _c, ingressTimeNs: _d, ...rest } = s;
  return rest;
}

const NO_ANSWER_CASES = new Set([
  'ptp4l-absent',
  'stale-socket',
  'path-is-regular-file',
  'wrong-domain',
  'wrong-transport-specific',
  'ptp4l-stopped',
  'nonroot-default-i',
  'nonroot-own-i',
  'multi-absent',
]);

t.test('index.json lists captures that exist', async (t) => {
  const files = allCaptureFiles();
  t.ok(files.length >= 100, `${files.length} capture files`);
  for (const f of files) t.doesNotThrow(() => readCapture(f), f);
});

t.test('every capture: fully recognised, and every local reply for the seven IDs parses without issues', async (t) => {
  for (const file of allCaptureFiles()) {
    const text = readCapture(file);
    const out = tokenizePmcOutput(text);
    t.same(out.unrecognized, [], `${file}: no unrecognised lines`);
    t.equal(out.truncated, false, `${file}: not truncated`);
    t.equal(out.sent.length, (text.match(/^sending: /gm) ?? []).length, `${file}: sending lines`);
    t.equal(out.blocks.length, (text.match(/^\t\S+ seq \d+ RESPONSE /gm) ?? []).length, `${file}: reply headers`);
    const local = localClockIdentity(out);
    for (const id of PMC_QUERY_IDS) {
      const hasLocal = out.blocks.some((b) => b.managementId === id && b.clockId === local);
      const r = PARSERS[id](out);
      if (hasLocal) {
        t.ok(r.ok, `${file}: ${id} parses`);
        t.same(r.issues, [], `${file}: ${id} has no field issues`);
        if (r.ok) {
          const values = Array.isArray(r.value) ? r.value : [r.value];
          for (const v of values) {
            t.same(v.extra, {}, `${file}: ${id} has no unknown fields`);
            t.equal(v.source.clockId, local, `${file}: ${id} comes from the local clock`);
          }
        }
      } else {
        t.notOk(r.ok, `${file}: ${id} absent`);
      }
    }
  }
});

t.test('no-answer captures (absent, stale, wrong domain/transport, stopped, EACCES) hold no reply', async (t) => {
  let n = 0;
  for (const c of pmcIndex().captures) {
    if (c.file === null || !NO_ANSWER_CASES.has(c.case)) continue;
    n += 1;
    const snap = parsePmcSnapshot(readCapture(c.file));
    t.equal(snap.answered, false, `${c.file}: not answered`);
    t.equal(snap.localClockId, null, `${c.file}: no clock`);
    for (const id of PMC_QUERY_IDS) {
      const r = PARSERS[id](readCapture(c.file));
      t.equal(r.ok ? 'ok' : r.reason, 'no-reply', `${c.file}: ${id} no-reply`);
    }
  }
  t.ok(n >= 25, `${n} no-answer captures`);
});

t.test('gm-alone: grandmaster, MASTER, own identity from PARENT_DATA_SET', async (t) => {
  const cds = ok(t, parseCurrentDataSet(readCapture('gm-alone.CURRENT_DATA_SET.txt')));
  t.match(cds, { stepsRemoved: 0, offsetFromMasterNs: 0, meanPathDelayNs: 0, source: { clockId: HOST, port: 0, seq: 0 } });
  const dds = ok(t, parseDefaultDataSet(readCapture('gm-alone.DEFAULT_DATA_SET.txt')));
  t.match(dds, {
    twoStepFlag: true,
    slaveOnly: false,
    numberPorts: 1,
    priority1: 128,
    clockClass: 248,
    clockAccuracy: 0xfe,
    offsetScaledLogVariance: 0xffff,
    priority2: 128,
    clockIdentity: HOST,
    domainNumber: 0,
  });
  const pds = ok(t, parseParentDataSet(readCapture('gm-alone.PARENT_DATA_SET.txt')));
  t.match(pds, {
    parentPortIdentity: { clockId: HOST, port: 0 },
    observedParentClockPhaseChangeRate: 0x7fffffff,
    grandmasterPriority1: 128,
    grandmasterClockClass: 248,
    grandmasterIdentity: HOST,
  });
  const tsn = ok(t, parseTimeStatusNp(readCapture('gm-alone.TIME_STATUS_NP.txt')));
  t.match(tsn, { masterOffsetNs: 0n, ingressTimeNs: 0n, gmPresent: false, gmIdentity: HOST, lastGmPhaseChange: "0x0000'0000000000000000.0000" });
  const gms = ok(t, parseGrandmasterSettingsNp(readCapture('gm-alone.GRANDMASTER_SETTINGS_NP.txt')));
  t.match(gms, { clockClass: 248, currentUtcOffset: 37, currentUtcOffsetValid: false, ptpTimescale: false, timeSource: 0xa0 });
  const tp = ok(t, parseTimePropertiesDataSet(readCapture('gm-alone.TIME_PROPERTIES_DATA_SET.txt')));
  t.match(tp, { currentUtcOffset: 37, leap61: false, leap59: false, currentUtcOffsetValid: false, ptpTimescale: false, timeSource: 0xa0 });
  const ports = ok(t, parsePortDataSet(readCapture('gm-alone.PORT_DATA_SET.txt')));
  t.equal(ports.length, 1);
  t.match(ports[0], { portIdentity: { clockId: HOST, port: 1 }, portState: 'MASTER', logAnnounceInterval: 1, announceReceiptTimeout: 3, delayMechanism: 1, versionNumber: 2 });

  const st = hostStatus(snapshotOfCase('gm-alone'), { socketPath: '/var/run/ptp4l' });
  t.match(st, {
    role: 'grandmaster',
    allPortsMaster: true,
    portStates: [{ port: 1, state: 'MASTER' }],
    clockIdentity: HOST,
    grandmasterIdentity: HOST,
    grandmasterIdentitySource: 'PARENT_DATA_SET',
    grandmasterPriority1: 128,
    grandmasterClockClass: 248,
    stepsRemoved: 0,
    offsetFromMasterNs: 0,
    meanPathDelayNs: 0,
    gmPresent: false,
    currentUtcOffset: 37,
    currentUtcOffsetValid: false,
    ptpTimescale: false,
    domainNumber: 0,
    socketPath: '/var/run/ptp4l',
    problems: [],
  });
  t.same(structural(hostStatus(snapshotOfCase('gm-peer'))), structural(hostStatus(snapshotOfCase('gm-alone'))), 'a GM looks the same with a follower');
});

t.test('gm-listening: already names itself GM while its port is LISTENING', async (t) => {
  const st = hostStatus(snapshotOfCase('gm-listening'));
  t.match(st, { role: 'grandmaster', allPortsMaster: false, portStates: [{ port: 1, state: 'LISTENING' }], grandmasterIdentity: HOST, stepsRemoved: 0 });
  t.match(st.roleReason, /not all MASTER yet/);
});

t.test('gm-peer-b1: only the local clock is kept when the peer answers too', async (t) => {
  const cds = ok(t, parseCurrentDataSet(readCapture('gm-peer-b1.CURRENT_DATA_SET.txt')));
  t.match(cds, { stepsRemoved: 0, offsetFromMasterNs: 0, source: { clockId: HOST } });
  const dds = ok(t, parseDefaultDataSet(readCapture('gm-peer-b1.DEFAULT_DATA_SET.txt')));
  t.match(dds, { clockIdentity: HOST, slaveOnly: false, clockClass: 248 });
  const ports = ok(t, parsePortDataSet(readCapture('gm-peer-b1.PORT_DATA_SET.txt')));
  t.same(ports.map((p) => [p.source.clockId, p.portState]), [[HOST, 'MASTER']]);
  const pds = ok(t, parseParentDataSet(readCapture('gm-peer-b1.PARENT_DATA_SET.txt')));
  t.equal(pds.grandmasterIdentity, HOST);
  // The peer's blocks are still there to be read when asked for explicitly.
  const peer = ok(t, parseDefaultDataSet(readCapture('gm-peer-b1.DEFAULT_DATA_SET.txt'), { localClockId: PEER }));
  t.match(peer, { clockIdentity: PEER, slaveOnly: true, clockClass: 255 });
  t.same(structural(hostStatus(snapshotOfCase('gm-peer-b1'))), structural(hostStatus(snapshotOfCase('gm-alone'))));
  const slavePeer = ok(t, parsePortDataSet(readCapture('gm-peer-b1-slave.PORT_DATA_SET.txt')));
  t.same(slavePeer.map((p) => [p.source.clockId, p.portState]), [[HOST, 'MASTER']]);
});

t.test('slave-uncalibrated: following a better GM, still locking', async (t) => {
  const st = hostStatus(snapshotOfCase('slave-uncalibrated'));
  t.match(st, {
    role: 'slave',
    locking: true,
    portStates: [{ port: 1, state: 'UNCALIBRATED' }],
    clockIdentity: HOST,
    grandmasterIdentity: PEER,
    grandmasterPriority1: 100,
    stepsRemoved: 1,
    offsetFromMasterNs: 1606,
    meanPathDelayNs: 1894,
    gmPresent: true,
    masterOffsetNs: -516n,
    ingressTimeNs: 1795568286328247423n,
  });
});

t.test('slave: SLAVE after SET SYNCHRONIZATION_UNCERTAIN_NP 0; GM settings are not the GM', async (t) => {
  const st = hostStatus(snapshotOfCase('slave'));
  t.match(st, {
    role: 'slave',
    locking: false,
    portStates: [{ port: 1, state: 'SLAVE' }],
    grandmasterIdentity: PEER,
    grandmasterIdentitySource: 'PARENT_DATA_SET',
    parentPortIdentity: `${PEER}-1`,
    grandmasterPriority1: 100,
    grandmasterClockClass: 248,
    stepsRemoved: 1,
    offsetFromMasterNs: -421,
    meanPathDelayNs: 2334,
    gmPresent: true,
    priority1: 128,
  });
  const gms = ok(t, parseGrandmasterSettingsNp(readCapture('slave.GRANDMASTER_SETTINGS_NP.txt')));
  t.match(gms, { clockClass: 248, clockAccuracy: 0xfe });
  const tsn = ok(t, parseTimeStatusNp(readCapture('slave.TIME_STATUS_NP.txt')));
  t.equal(tsn.gmIdentity, PEER);
  t.equal(typeof tsn.ingressTimeNs, 'bigint');
  t.ok((tsn.ingressTimeNs ?? 0n) > BigInt(Number.MAX_SAFE_INTEGER), 'ingress_time kept exactly beyond 2^53');
});

t.test('boundary clock: two port blocks with the same seq', async (t) => {
  const ports = ok(t, parsePortDataSet(readCapture('bc.PORT_DATA_SET.txt')));
  t.same(ports.map((p) => [p.portIdentity?.port, p.portState, p.source.seq]), [[1, 'SLAVE', 0], [2, 'MASTER', 0]]);
  const st = hostStatus(snapshotOfCase('bc'));
  t.match(st, { role: 'boundary-clock', grandmasterIdentity: PEER, stepsRemoved: 1, faultyPorts: [] });
  const two = ok(t, parsePortDataSet(readCapture('bc-target-port2.PORT_DATA_SET.txt')));
  t.same(two.map((p) => [p.portIdentity?.port, p.portState]), [[2, 'MASTER']]);
  const b1 = ok(t, parsePortDataSet(readCapture('bc-b1.PORT_DATA_SET.txt')));
  t.same(b1.map((p) => [p.source.clockId, p.portIdentity?.port, p.portState]), [[HOST, 1, 'SLAVE'], [HOST, 2, 'MASTER']]);
  const b1Parent = ok(t, parseParentDataSet(readCapture('bc-b1.PARENT_DATA_SET.txt')));
  t.equal(b1Parent.source.clockId, HOST);
  t.equal(b1Parent.grandmasterIdentity, PEER);
  const down = ok(t, parsePortDataSet(readCapture('bc-link-down.PORT_DATA_SET.txt')));
  t.same(down.map((p) => p.portState), ['SLAVE', 'FAULTY']);
  const downSnap = { ...snapshotOfCase('bc'), portDataSet: parsePortDataSet(readCapture('bc-link-down.PORT_DATA_SET.txt')) };
  t.match(hostStatus(downSnap), { role: 'slave', faultyPorts: [2] });
});

t.test('multi-GET interleavings: every variant parses to the same result', async (t) => {
  const byCase = new Map<string, HostStatus[]>();
  for (const m of pmcIndex().multi_runs) {
    t.ok(m.variants.length >= 3, `${m.case}: ${m.variants.length} variants`);
    const statuses = m.variants.map((v) => {
      const snap = parsePmcSnapshot(readCapture(v.file));
      t.equal(snap.answered, true, `${v.file} answered`);
      t.equal(snap.localClockId, HOST, `${v.file} local clock`);
      t.equal(snap.foreignReplies, v.shape.filter((s) => s.startsWith('reply:peer')).length, `${v.file} foreign replies`);
      for (const id of PMC_QUERY_IDS) {
        const r = snap[({
          CURRENT_DATA_SET: 'currentDataSet',
          PARENT_DATA_SET: 'parentDataSet',
          DEFAULT_DATA_SET: 'defaultDataSet',
          TIME_STATUS_NP: 'timeStatusNp',
          GRANDMASTER_SETTINGS_NP: 'grandmasterSettingsNp',
          PORT_DATA_SET: 'portDataSet',
          TIME_PROPERTIES_DATA_SET: 'timePropertiesDataSet',
        } as const)[id]];
        t.ok(r.ok, `${v.file}: ${id}`);
        if (r.ok) {
          const first = Array.isArray(r.value) ? r.value[0] : r.value;
          t.equal(first?.source.seq, PMC_QUERY_IDS.indexOf(id), `${v.file}: ${id} correlated on seq`);
        }
      }
      return hostStatus(snap);
    });
    byCase.set(m.case, statuses);
    for (const s of statuses.slice(1)) t.same(structural(s), structural(statuses[0] as HostStatus), `${m.case}: same role and identities`);
  }
  const gm = byCase.get('multi-gm-peer') ?? [];
  const gmB1 = byCase.get('multi-gm-peer-b1') ?? [];
  for (const s of [...gm, ...gmB1]) {
    t.same(s, gm[0], 'GM: identical down to the offsets, with or without -b 1');
    t.match(s, { role: 'grandmaster', clockIdentity: HOST, grandmasterIdentity: HOST, allPortsMaster: true });
  }
  const slave = byCase.get('multi-slave') ?? [];
  t.same(slave[1], slave[0], 'variants 1 and 2 are the same run state, so equal in full');
  t.match(slave[2], { role: 'slave', grandmasterIdentity: PEER, offsetFromMasterNs: 99, meanPathDelayNs: 2327, masterOffsetNs: 99n });
  t.match(slave[0], { role: 'slave', grandmasterIdentity: PEER, offsetFromMasterNs: -1078, masterOffsetNs: -1078n });
});

t.test('error status, bad commands, NULL_MANAGEMENT', async (t) => {
  const port9 = parsePortDataSet(readCapture('error-status.PORT_DATA_SET_port9.txt'));
  t.match(port9, { ok: false, reason: 'error-status' });
  const out = tokenizePmcOutput(readCapture('error-status.PORT_DATA_SET_port9.txt'));
  t.match(out.blocks, [{ kind: 'error-status', clockId: HOST, port: 0, seq: 0, managementId: null }]);

  const time = tokenizePmcOutput(readCapture('error-status.GET_TIME.txt'));
  t.match(time.messages, [{ kind: 'not-supported', subject: 'TIME' }]);
  t.same(time.blocks, []);

  const amb = tokenizePmcOutput(readCapture('bad-command.ambiguous.txt'));
  t.match(amb.messages, [{ kind: 'ambiguous-id', subject: 'PORT' }]);
  t.same(amb.sent, []);
  t.match(parseCurrentDataSet(readCapture('bad-command.ambiguous.txt')), { ok: false, reason: 'no-reply' });
  t.match(parseCurrentDataSet(readCapture('bad-command.GET_FOO.txt')), { ok: false, reason: 'no-reply' });
  t.match(parsePmcSnapshot(readCapture('bad-command.set-on-getonly.txt')), { answered: false });
  for (const f of ['bad-command.lowercase.txt', 'bad-command.abbrev.txt', 'stdin-mode.CURRENT_DATA_SET.txt', 'transport-specific-t1.CURRENT_DATA_SET.txt', 'nonroot-group-access.CURRENT_DATA_SET.txt']) {
    t.match(ok(t, parseCurrentDataSet(readCapture(f))), { stepsRemoved: 0 }, f);
  }

  const nul = tokenizePmcOutput(readCapture('null-management.NULL_MANAGEMENT.txt'));
  t.match(nul.blocks, [{ kind: 'null-management', managementId: null, clockId: HOST, port: 1 }]);
  t.equal(parsePmcSnapshot(readCapture('null-management.NULL_MANAGEMENT.txt')).answered, true, 'a NULL_MANAGEMENT reply proves an answer');

  const setOut = tokenizePmcOutput(readCapture('set-sync-uncertain.peer-SET0.txt'));
  t.match(setOut.blocks, [{ managementId: 'SYNCHRONIZATION_UNCERTAIN_NP', fields: [{ name: 'uncertain', value: '0' }] }]);
  t.match(setOut.sent, [{ action: 'SET', managementId: 'SYNCHRONIZATION_UNCERTAIN_NP', seq: 0 }]);
});
