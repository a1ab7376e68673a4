// Parses the text `pmc` prints for PORT_DATA_SET / PARENT_DATA_SET / CURRENT_DATA_SET. Only the fields the
// camera reports are extracted; a missing field stays undefined so the caller can tell "no answer" apart.
import { parseClockIdentity, type PtpState } from './ptpTypes.js';

export interface PmcSnapshot {
  portState?: string;
  portClockId?: bigint;
  grandmasterId?: bigint;
  offsetFromMasterNs?: bigint;
}

const field = (text: string, name: string): string | undefined =>
  new RegExp(`^\\s+${name}\\s+(\\S+)\\s*$`, 'm').exec(text)?.[1];

export function parsePmcOutput(text: string): PmcSnapshot {
  const snap: PmcSnapshot = {};
  const portState = field(text, 'portState');
  if (portState) snap.portState = portState;
  const portIdentity = field(text, 'portIdentity');
  if (portIdentity) snap.portClockId = parseClockIdentity(portIdentity.split('-')[0]!);
  const gm = field(text, 'grandmasterIdentity');
  if (gm) snap.grandmasterId = parseClockIdentity(gm);
  const offset = field(text, 'offsetFromMaster');
  // pmc prints a double in ns ("-2724.0"); sub-ns digits are dropped.
  if (offset && /^-?\d+(\.\d+)?$/.test(offset)) snap.offsetFromMasterNs = BigInt(offset.split('.')[0]!);
  return snap;
}

/** linuxptp portState names → camera states. */
export function mapPortState(portState: string): PtpState {
  switch (portState) {
    case 'INITIALIZING':
      return 'Initializing';
    case 'FAULTY':
      return 'Faulty';
    case 'DISABLED':
      return 'Disabled';
    case 'LISTENING':
      return 'Listening';
    case 'PRE_MASTER':
      return 'PreMaster';
    case 'MASTER':
      return 'Master';
    case 'PASSIVE':
      return 'Passive';
    case 'UNCALIBRATED':
      return 'Uncalibrated';
    case 'SLAVE':
      return 'Slave';
    default:
      return 'Faulty';
  }
}
