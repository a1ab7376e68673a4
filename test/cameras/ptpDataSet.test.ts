// The one camera PTP data-set reader, over an injected binding (no addon): both of its users, check's worker
// (sync) and timestat's view (async), get the same answers.
import t from 'tap';

import type { CameraOp, CameraOpResult } from '../../src/binding.js';
import { CameraApi, OpList } from '../../src/cameras/cameraApi.js';
import { discover, discoverSync, readDataSet, readDataSetSync } from '../../src/cameras/ptpDataSet.js';
import { readPtpView } from '../../src/cameras/ptpView.js';

type Feature = { kind: 'bool'; value: boolean } | { kind: 'enum'; value: string } | { kind: 'int'; value: bigint } | { kind: 'command' };

/** A camera as a feature table; every call is recorded. */
function fakeBinding(features: Record<string, Feature>) {
  const calls: CameraOp[][] = [];
  const answer = (op: CameraOp): CameraOpResult => {
    const f = features[op.name];
    if (op.op === 'has') return { ok: true, value: f !== undefined };
    if (f === undefined) return { ok: false, error: { code: 'ERR_FEATURE_MISSING', sdkCode: 0, message: `no ${op.name}` } };
    const want = { getBool: 'bool', setBool: 'bool', getEnum: 'enum', getInt: 'int', execute: 'command' }[op.op];
    if (want !== f.kind) return { ok: false, error: { code: 'ERR_FEATURE_TYPE', sdkCode: 0, message: `${op.name} is ${f.kind}` } };
    if (op.op === 'setBool' && f.kind === 'bool') f.value = op.value;
    return 'value' in f && op.op !== 'setBool' ? { ok: true, value: f.value } : { ok: true };
  };
  const binding = {
    calls,
    cameraCall: (_h: number, ops: CameraOp[]) => {
      calls.push(ops);
      return Promise.resolve(ops.map(answer));
    },
    cameraCallSync: (_h: number, ops: CameraOp[]) => {
      calls.push(ops);
      return ops.map(answer);
    },
  };
  return binding;
}

const SFNC: Record<string, Feature> = {
  PtpEnable: { kind: 'bool', value: true },
  PtpStatus: { kind: 'enum', value: 'Slave' },
  PtpDataSetLatch: { kind: 'command' },
  PtpServoStatus: { kind: 'enum', value: 'Locked' },
  PtpOffsetFromMaster: { kind: 'int', value: -42n },
  PtpGrandmasterClockID: { kind: 'int', value: -0x4303_18ff_fe00_0001n },
  PtpParentClockID: { kind: 'int', value: 0n },
  PtpClockID: { kind: 'int', value: 0x0250_43ff_fe00_0001n },
  TimestampLatch: { kind: 'command' },
  TimestampLatchValue: { kind: 'int', value: 1n },
};

t.test('an SFNC camera: features, one op list, clock IDs in pmc spelling, 0 is no identity', async (t) => {
  const b = fakeBinding(structuredClone(SFNC));
  const api = new CameraApi(b);
  const f = await discover(api, 1);
  t.match(f, { enable: 'PtpEnable', status: 'PtpStatus', statusType: 'enum', latch: 'PtpDataSetLatch', timestampLatch: true });
  b.calls.length = 0;
  const { reading } = await readDataSet(api, 1, f);
  t.equal(b.calls.length, 1, 'latch and reads in one call (values from one snapshot)');
  t.equal(b.calls[0]![0]!.op, 'execute', 'the data-set latch comes first');
  t.same(reading, {
    statusRaw: 'Slave',
    state: 'SLAVE',
    servo: 'Locked',
    offsetFromMasterNs: -42n,
    grandmasterId: 'bcfce7.0001.ffffff',
    parentId: null,
    clockId: '025043.fffe.000001',
    errors: [],
    failures: [],
  }, 'a negative int64 clock ID reads as unsigned; a zero one is no identity');
});

t.test('a camera whose status is an integer portState: detected from the read, then read as one', async (t) => {
  const b = fakeBinding({ GevIEEE1588: { kind: 'bool', value: true }, GevIEEE1588Status: { kind: 'int', value: 9n } });
  const api = new CameraApi(b);
  const f = discoverSync(api, 1);
  t.equal(f.status, 'GevIEEE1588Status');
  const r = readDataSetSync(api, 1, f);
  t.equal(r.features.statusType, 'int');
  t.equal(r.reading.statusRaw, '9');
  t.equal(r.reading.state, 'SLAVE', 'IEEE 1588 portState 9');
  t.same(r.reading.errors, []);
  const again = await readDataSet(api, 1, r.features);
  t.equal(again.reading.state, 'SLAVE', 'the corrected features read it at once');
});

t.test("timestat's view goes through the same reader (integer status, zero grandmaster)", async (t) => {
  const b = fakeBinding({ GevIEEE1588Status: { kind: 'int', value: 6n }, PtpGrandmasterClockID: { kind: 'int', value: 0n } });
  const view = await readPtpView(1, new CameraApi(b));
  t.same(view, { status: '6', servo: null, offsetFromMasterNs: null, grandmasterClockId: null });
});

t.test('OpList slots: typed values, errors and failures by slot', async (t) => {
  const b = fakeBinding({ PtpEnable: { kind: 'bool', value: false }, PtpStatus: { kind: 'enum', value: 'Listening' } });
  const api = new CameraApi(b);
  const list = new OpList();
  const set = list.setBool('PtpEnable', true);
  const enabled = list.getBool('PtpEnable');
  const status = list.getEnum('PtpStatus');
  const missing = list.getInt('PtpOffsetFromMaster');
  const r = await api.run(7, list);
  t.equal(r.error(set), null);
  t.equal(r.value(enabled), true);
  t.equal(r.value(status), 'Listening');
  t.equal(r.value(missing), undefined);
  t.equal(r.error(missing)?.code, 'ERR_FEATURE_MISSING');
  t.same(r.failures(), ['PtpOffsetFromMaster: no PtpOffsetFromMaster']);
  t.same(r.failureDetails(), [{ feature: 'PtpOffsetFromMaster', code: 'ERR_FEATURE_MISSING', message: 'no PtpOffsetFromMaster' }], 'with the code, for the report language');
  t.throws(() => new CameraApi({ cameraCall: b.cameraCall }).runSync(1, list), /no synchronous call/);
});
