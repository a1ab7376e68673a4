/**
 * THE reader of a camera's PTP data set (state, servo, offset from master, grandmaster, parent, own clock ID),
 * used by `check`'s workers and by `timestat`'s camera view alike, so both see a camera the same way:
 * - which PTP features it has is probed once (`discover`), the first vendor spelling found wins;
 * - a status held as an integer (IEEE 1588 portState value) instead of an enumeration is detected from the
 *   read itself (ERR_FEATURE_TYPE) and read as an integer from then on;
 * - the data-set latch (where present) and every read go in one op list, so the values belong together;
 * - a clock ID of 0 is "no identity yet", never a real identity.
 */
import { CameraApi, OpList, type OpResults, type ReadFailure, type Slot } from './cameraApi.js';
import {
  DATASET_FEATURES,
  ENABLE_FEATURES,
  formatClockId,
  LATCH_FEATURES,
  mapPtpState,
  STATUS_FEATURES,
  TIMESTAMP_LATCH,
  TIMESTAMP_LATCH_VALUE,
  type PtpState,
} from './ptpState.js';

/** The PTP nodes one camera has; null where it has none of the candidate names. */
export interface CameraFeatures {
  enable: string | null;
  status: string | null;
  /** Most cameras make the status an enumeration; some an integer holding the IEEE 1588 portState value. */
  statusType: 'enum' | 'int';
  latch: string | null;
  servo: string | null;
  offset: string | null;
  grandmaster: string | null;
  parent: string | null;
  clockId: string | null;
  timestampLatch: boolean;
}

/** One data-set snapshot of a camera. Clock IDs in pmc spelling. */
export interface CameraReading {
  statusRaw: string | null;
  state: PtpState | null;
  servo: string | null;
  offsetFromMasterNs: bigint | null;
  grandmasterId: string | null;
  parentId: string | null;
  clockId: string | null;
  /** Ops that failed in this read, `Feature: message`. */
  errors: string[];
  /** The same failures with their codes, so a report can say them in its language (absent: codes unknown). */
  failures?: ReadFailure[];
}

export const EMPTY_READING: CameraReading = {
  statusRaw: null, state: null, servo: null, offsetFromMasterNs: null, grandmasterId: null, parentId: null, clockId: null, errors: [],
};

export function hasPtp(f: CameraFeatures): boolean {
  return f.enable !== null || f.status !== null;
}

const PROBED: readonly string[] = [
  ...ENABLE_FEATURES,
  ...STATUS_FEATURES,
  ...LATCH_FEATURES,
  ...Object.values(DATASET_FEATURES),
  TIMESTAMP_LATCH,
  TIMESTAMP_LATCH_VALUE,
];

function featuresFrom(present: ReadonlySet<string>): CameraFeatures {
  const first = (names: readonly string[]): string | null => names.find((n) => present.has(n)) ?? null;
  const one = (name: string): string | null => (present.has(name) ? name : null);
  return {
    enable: first(ENABLE_FEATURES),
    status: first(STATUS_FEATURES),
    statusType: 'enum',
    latch: first(LATCH_FEATURES),
    servo: one(DATASET_FEATURES.servo),
    offset: one(DATASET_FEATURES.offset),
    grandmaster: one(DATASET_FEATURES.grandmaster),
    parent: one(DATASET_FEATURES.parent),
    clockId: one(DATASET_FEATURES.clockId),
    timestampLatch: present.has(TIMESTAMP_LATCH) && present.has(TIMESTAMP_LATCH_VALUE),
  };
}

export async function discover(api: CameraApi, handle: number): Promise<CameraFeatures> {
  return featuresFrom(await api.features(handle, PROBED));
}

export function discoverSync(api: CameraApi, handle: number): CameraFeatures {
  return featuresFrom(api.featuresSync(handle, PROBED));
}

/** A clock ID of 0 is what a camera shows before it has chosen a master: no identity, not a real one. */
function clockId(v: bigint | undefined): string | null {
  return v !== undefined && v !== 0n ? formatClockId(v) : null;
}

interface DataSetQuery {
  list: OpList;
  parse(r: OpResults): { reading: CameraReading; statusIsInt: boolean };
}

function dataSetQuery(f: CameraFeatures): DataSetQuery {
  const list = new OpList();
  if (f.latch) list.execute(f.latch);
  const status: Slot<string> | Slot<bigint> | null = f.status ? (f.statusType === 'int' ? list.getInt(f.status) : list.getEnum(f.status)) : null;
  const servo = f.servo ? list.getEnum(f.servo) : null;
  const offset = f.offset ? list.getInt(f.offset) : null;
  const gm = f.grandmaster ? list.getInt(f.grandmaster) : null;
  const parent = f.parent ? list.getInt(f.parent) : null;
  const clock = f.clockId ? list.getInt(f.clockId) : null;
  return {
    list,
    parse(r) {
      let statusRaw: string | null = null;
      if (status !== null) {
        const v = f.statusType === 'int' ? r.value(status as Slot<bigint>) : r.value(status as Slot<string>);
        statusRaw = v === undefined ? null : v.toString();
      }
      const statusIsInt = status !== null && f.statusType === 'enum' && r.error(status)?.code === 'ERR_FEATURE_TYPE';
      return {
        statusIsInt,
        reading: {
          statusRaw,
          state: mapPtpState(statusRaw),
          servo: servo ? (r.value(servo) ?? null) : null,
          offsetFromMasterNs: offset ? (r.value(offset) ?? null) : null,
          grandmasterId: gm ? clockId(r.value(gm)) : null,
          parentId: parent ? clockId(r.value(parent)) : null,
          clockId: clock ? clockId(r.value(clock)) : null,
          errors: r.failures(),
          failures: r.failureDetails(),
        },
      };
    },
  };
}

export interface DataSetRead {
  /** `features` with `statusType` corrected when the read found an integer status. */
  features: CameraFeatures;
  reading: CameraReading;
}

/** One data-set snapshot; a status that turns out to be an integer is read again as one. */
export async function readDataSet(api: CameraApi, handle: number, f: CameraFeatures): Promise<DataSetRead> {
  const q = dataSetQuery(f);
  const first = q.parse(await api.run(handle, q.list));
  if (!first.statusIsInt) return { features: f, reading: first.reading };
  const features: CameraFeatures = { ...f, statusType: 'int' };
  const again = dataSetQuery(features);
  return { features, reading: again.parse(await api.run(handle, again.list)).reading };
}

export function readDataSetSync(api: CameraApi, handle: number, f: CameraFeatures): DataSetRead {
  const q = dataSetQuery(f);
  const first = q.parse(api.runSync(handle, q.list));
  if (!first.statusIsInt) return { features: f, reading: first.reading };
  const features: CameraFeatures = { ...f, statusType: 'int' };
  const again = dataSetQuery(features);
  return { features, reading: again.parse(api.runSync(handle, again.list)).reading };
}
