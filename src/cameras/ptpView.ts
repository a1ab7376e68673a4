/**
 * A camera's own PTP view (state, servo, offset from master, grandmaster), read in one data-set latch where
 * the camera has one, so the values belong together.
 */
import { addon, type CameraOp, type CameraOpResult } from '../binding.js';
import { formatClockId, LATCH_FEATURES, STATUS_FEATURES } from '../check/ptpState.js';

export interface CameraPtpView {
  status: string | null;
  servo: string | null;
  offsetFromMasterNs: bigint | null;
  grandmasterClockId: string | null;
}

function value(r: CameraOpResult | undefined): boolean | string | bigint | undefined {
  return r !== undefined && r.ok ? r.value : undefined;
}

export async function readPtpView(handle: number): Promise<CameraPtpView> {
  const names = [...LATCH_FEATURES, ...STATUS_FEATURES, 'PtpServoStatus', 'PtpOffsetFromMaster', 'PtpGrandmasterClockID'];
  const has = await addon.cameraCall(handle, names.map((name): CameraOp => ({ op: 'has', name })));
  const present = new Set(names.filter((_, i) => value(has[i]) === true));
  const ops: CameraOp[] = [];
  const latch = LATCH_FEATURES.find((n) => present.has(n));
  if (latch) ops.push({ op: 'execute', name: latch });
  const status = STATUS_FEATURES.find((n) => present.has(n));
  const at = (name: string | undefined, op: CameraOp['op']): number => {
    if (name === undefined || !present.has(name)) return -1;
    ops.push({ op, name } as CameraOp);
    return ops.length - 1;
  };
  const iStatus = at(status, 'getEnum');
  const iServo = at('PtpServoStatus', 'getEnum');
  const iOffset = at('PtpOffsetFromMaster', 'getInt');
  const iGm = at('PtpGrandmasterClockID', 'getInt');
  const r = ops.length > 0 ? await addon.cameraCall(handle, ops) : [];
  const pick = (i: number): boolean | string | bigint | undefined => (i < 0 ? undefined : value(r[i]));
  const st = pick(iStatus);
  const sv = pick(iServo);
  const off = pick(iOffset);
  const gm = pick(iGm);
  return {
    status: typeof st === 'string' ? st : null,
    servo: typeof sv === 'string' ? sv : null,
    offsetFromMasterNs: typeof off === 'bigint' ? off : null,
    grandmasterClockId: typeof gm === 'bigint' ? formatClockId(gm) : null,
  };
}
