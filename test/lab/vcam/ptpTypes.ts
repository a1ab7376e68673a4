// PTP port states as the camera reports them. Two numberings exist on real cameras: SFNC `PtpStatus`
// (Disabled = 0 …) and the older `GevIEEE1588Status`, which uses IEEE 1588 portState numbers (1 … 9).
// The legacy variant uses the latter so ptpcam's mapping is exercised with both.

export const PTP_STATES = [
  'Disabled',
  'Listening',
  'Uncalibrated',
  'Slave',
  'Master',
  'Faulty',
  'Initializing',
  'Passive',
  'PreMaster',
] as const;
export type PtpState = (typeof PTP_STATES)[number];

export const SFNC_STATUS_VALUE: Record<PtpState, number> = {
  Disabled: 0,
  Listening: 1,
  Uncalibrated: 2,
  Slave: 3,
  Master: 4,
  Faulty: 5,
  Initializing: 6,
  Passive: 7,
  PreMaster: 8,
};

export const IEEE1588_STATUS_VALUE: Record<PtpState, number> = {
  Initializing: 1,
  Faulty: 2,
  Disabled: 3,
  Listening: 4,
  PreMaster: 5,
  Master: 6,
  Passive: 7,
  Uncalibrated: 8,
  Slave: 9,
};

export const SERVO_STATES = ['Unknown', 'Locked', 'Unlocked'] as const;
export type ServoState = (typeof SERVO_STATES)[number];
export const SERVO_VALUE: Record<ServoState, number> = { Unknown: 0, Locked: 1, Unlocked: 2 };

/** One snapshot of the camera's PTP data set. */
export interface PtpDataSet {
  state: PtpState;
  servo: ServoState;
  offsetFromMasterNs: bigint;
  /** EUI-64 as an unsigned 64-bit integer. */
  grandmasterClockId: bigint;
  clockId: bigint;
}

/** Where the camera's PTP state comes from: a script or a real ptp4l. */
export interface PtpSource {
  /** Called with the current PtpEnable value on every read; disabled always reads as Disabled. */
  current(enabled: boolean): PtpDataSet;
  setEnabled(enabled: boolean): void;
  close(): void;
}

export function isPtpState(value: string): value is PtpState {
  return (PTP_STATES as readonly string[]).includes(value);
}

/** "001122.fffe.334455" (linuxptp) or "00:11:22:ff:fe:33:44:55" → bigint. */
export function parseClockIdentity(text: string): bigint {
  const hex = text.replace(/[.:-]/g, '');
  if (!/^[0-9a-fA-F]{16}$/.test(hex)) throw new Error(`bad clock identity "${text}"`);
  return BigInt(`0x${hex}`);
}

/** EUI-48 → EUI-64 by inserting FF FE, as IEEE 1588 clock identities derived from a MAC are. */
export function clockIdFromMac(mac: Buffer): bigint {
  const eui = Buffer.from([mac[0]!, mac[1]!, mac[2]!, 0xff, 0xfe, mac[3]!, mac[4]!, mac[5]!]);
  return eui.readBigUInt64BE(0);
}
