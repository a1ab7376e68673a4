/**
 * PTP feature names as vendors spell them, their port-state strings mapped onto IEEE 1588, and clock
 * identities in pmc's spelling. Pure, and part of the rig layer: `check`, `timestat`, the workers and the
 * reports all read cameras through these names.
 */

/** IEEE 1588-2008 §8.2.5.3.1 portState, as pmc prints it. */
export type PtpState =
  | 'INITIALIZING'
  | 'FAULTY'
  | 'DISABLED'
  | 'LISTENING'
  | 'PRE_MASTER'
  | 'MASTER'
  | 'PASSIVE'
  | 'UNCALIBRATED'
  | 'SLAVE';

export const PTP_STATES: readonly PtpState[] = [
  'INITIALIZING', 'FAULTY', 'DISABLED', 'LISTENING', 'PRE_MASTER', 'MASTER', 'PASSIVE', 'UNCALIBRATED', 'SLAVE',
];

/** Tried in order; the first one a camera has is used. */
export const ENABLE_FEATURES = ['PtpEnable', 'GevIEEE1588', 'GevIEEE1588Enable', 'ptpEnable'] as const;
export const STATUS_FEATURES = ['PtpStatus', 'GevIEEE1588Status', 'GevIEEE1588StatusLatched', 'ptpStatus'] as const;
export const LATCH_FEATURES = ['PtpDataSetLatch', 'GevIEEE1588DataSetLatch'] as const;
export const DATASET_FEATURES = {
  servo: 'PtpServoStatus',
  offset: 'PtpOffsetFromMaster',
  grandmaster: 'PtpGrandmasterClockID',
  parent: 'PtpParentClockID',
  clockId: 'PtpClockID',
} as const;
export const TIMESTAMP_LATCH = 'TimestampLatch';
export const TIMESTAMP_LATCH_VALUE = 'TimestampLatchValue';

/**
 * Keys are the vendor string lower-cased with everything but letters removed, so `Pre_Master`, `PreMaster`
 * and `PRE-MASTER` meet. Spellings seen in SFNC, GigE Vision 1.x legacy nodes and vendor XML files.
 */
const STATE_SPELLINGS: Readonly<Record<string, PtpState>> = {
  initializing: 'INITIALIZING',
  initialising: 'INITIALIZING',
  initialize: 'INITIALIZING',
  init: 'INITIALIZING',
  faulty: 'FAULTY',
  fault: 'FAULTY',
  error: 'FAULTY',
  disabled: 'DISABLED',
  disable: 'DISABLED',
  off: 'DISABLED',
  listening: 'LISTENING',
  listen: 'LISTENING',
  premaster: 'PRE_MASTER',
  master: 'MASTER',
  grandmaster: 'MASTER',
  passive: 'PASSIVE',
  uncalibrated: 'UNCALIBRATED',
  calibrating: 'UNCALIBRATED',
  synching: 'UNCALIBRATED',
  syncing: 'UNCALIBRATED',
  synchronizing: 'UNCALIBRATED',
  slave: 'SLAVE',
  client: 'SLAVE',
  timereceiver: 'SLAVE',
  timetransmitter: 'MASTER',
};

/**
 * Some cameras expose the port state as the bare IEEE 1588 enumeration value (1..9, §8.2.5.3.1), either as an
 * integer node or as an enum entry whose symbolic name is the number.
 */
const STATE_BY_NUMBER: readonly (PtpState | undefined)[] = [undefined, ...PTP_STATES];

/** null for a spelling we do not know (shown raw, judged as unreadable). */
export function mapPtpState(raw: string | null | undefined): PtpState | null {
  if (raw === null || raw === undefined) return null;
  const trimmed = raw.trim();
  if (/^[+]?\d+$/.test(trimmed)) return STATE_BY_NUMBER[Number(trimmed)] ?? null;
  const key = trimmed.toLowerCase().replace(/[^a-z]/g, '');
  return STATE_SPELLINGS[key] ?? null;
}

const DISPLAY: Readonly<Record<PtpState, string>> = {
  INITIALIZING: 'Initializing',
  FAULTY: 'Faulty',
  DISABLED: 'Disabled',
  LISTENING: 'Listening',
  PRE_MASTER: 'PreMaster',
  MASTER: 'Master',
  PASSIVE: 'Passive',
  UNCALIBRATED: 'Uncalibrated',
  SLAVE: 'Slave',
};

/** The seed's spelling (`Slave`, `Master`); `Unknown` when unreadable. */
export function displayState(state: PtpState | null): string {
  return state === null ? 'Unknown' : DISPLAY[state];
}

/**
 * A GenICam integer node holds the 64-bit EUI-64 clock identity as a signed int64, so identities whose top
 * bit is set arrive negative: reinterpret as unsigned before spelling it as pmc does (`bcfce7.fffe.244daf`).
 */
export function formatClockId(id: bigint): string {
  const hex = BigInt.asUintN(64, id).toString(16).padStart(16, '0');
  return `${hex.slice(0, 6)}.${hex.slice(6, 10)}.${hex.slice(10)}`;
}

/** pmc spellings compare case-insensitively; null stays null. */
export function normalizeClockId(id: string | null | undefined): string | null {
  return id === null || id === undefined || id === '' ? null : id.toLowerCase();
}
