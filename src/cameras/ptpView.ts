/**
 * A camera's own PTP view (state, servo, offset from master, grandmaster), read in one data-set latch where
 * the camera has one, so the values belong together.
 */
import { addon, type CameraOp, type CameraOpResult } from '../binding.js';

export interface CameraPtpView {
  status: string | null;
  servo: string | null;
  offsetFromMasterNs: bigint | null;
  grandmasterClockId: string | null;
}

const LATCHES = ['PtpDataSetLatch', 'GevIEEE1588DataSetLatch'];
const STATUSES = ['PtpStatus', 'GevIEEE1588Status', 'GevIEEE1588StatusLatched', 'ptpStatus'];

/** 0x0a0b0cfffe0d0e0f as pmc spells a clock identity: 0a0b0c.fffe.0d0e0f. */
export function formatClockId(id: bigint): string {
  const hex = BigInt.asUintN(64, id).toString(16).padStart(16, '0');
  return `${hex.slice(0, 6)}.${hex.slice(6, 10)}.${hex.slice(10)}`;
}

function value(r: CameraOpResult | undefined): boolean | string | bigint | undefined {
  return r !== undefined && r.ok ? r.value : undefined;
}

export async function readPtpView(handle: number): Promise<CameraPtpView> {
  const names = [...LATCHES, ...STATUSES, 'PtpServoStatus', 'PtpOffsetFromMaster', 'PtpGrandmasterClockID'];
  const has = await addon.cameraCall(handle, names.map((name): CameraOp => ({ op: 'has', name })));
  const present = new Set(names.filter((_, i) => value(has[i]) === true));
  const ops: CameraOp[] = [];
  const latch = LATCHES.find((n) => present.has(n));
  if (latch) ops.push({ op: 'execute', name: latch });
  const status = STATUSES.find((n) => present.has(n));
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
