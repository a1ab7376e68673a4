/**
 * A camera's own PTP view as `timestat` shows it (state, servo, offset from master, grandmaster), read through
 * the one data-set reader (ptpDataSet.ts) that `check` uses too.
 */
import { addon } from '../binding.js';
import { CameraApi } from './cameraApi.js';
import { discover, readDataSet } from './ptpDataSet.js';

export interface CameraPtpView {
  status: string | null;
  servo: string | null;
  offsetFromMasterNs: bigint | null;
  grandmasterClockId: string | null;
}

export async function readPtpView(handle: number, api: CameraApi = new CameraApi(addon)): Promise<CameraPtpView> {
  const { reading } = await readDataSet(api, handle, await discover(api, handle));
  return {
    status: reading.statusRaw,
    servo: reading.servo,
    offsetFromMasterNs: reading.offsetFromMasterNs,
    grandmasterClockId: reading.grandmasterId,
  };
}
