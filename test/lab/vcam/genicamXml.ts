// The camera's own GenICam XML. Endianness is stated on every register because Aravis defaults to
// LittleEndian; schema 1.1 makes Aravis use READMEM/WRITEMEM for every feature register.
import { Bootstrap, Feature, StringLengths } from './registerMap.js';
import { IEEE1588_STATUS_VALUE, PTP_STATES, SERVO_STATES, SERVO_VALUE, SFNC_STATUS_VALUE } from './ptpTypes.js';

export type Variant = 'sfnc' | 'legacy';

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const hex = (n: number): string => `0x${n.toString(16).toUpperCase()}`;

interface RegOpts {
  name: string;
  address: number;
  length: number;
  access: 'RO' | 'WO' | 'RW';
  noCache?: boolean;
  signed?: boolean;
}

function intReg(o: RegOpts): string {
  return `  <IntReg Name="${o.name}">
    <Address>${hex(o.address)}</Address><Length>${o.length}</Length><AccessMode>${o.access}</AccessMode>
    <pPort>Device</pPort>${o.noCache ? '<Cachable>NoCache</Cachable>' : ''}
    <Sign>${o.signed ? 'Signed' : 'Unsigned'}</Sign><Endianess>BigEndian</Endianess>
  </IntReg>`;
}

function stringReg(name: string, address: number, length: number): string {
  return `  <StringReg Name="${name}">
    <Address>${hex(address)}</Address><Length>${length}</Length><AccessMode>RO</AccessMode><pPort>Device</pPort>
  </StringReg>`;
}

function command(name: string, reg: string, address: number): string {
  return `  <Command Name="${name}"><pValue>${reg}</pValue><CommandValue>1</CommandValue></Command>
${intReg({ name: reg, address, length: 4, access: 'WO' })}`;
}

function boolean(name: string, reg: string, address: number): string {
  return `  <Boolean Name="${name}"><pValue>${reg}</pValue><OnValue>1</OnValue><OffValue>0</OffValue></Boolean>
${intReg({ name: reg, address, length: 4, access: 'RW' })}`;
}

function enumeration(name: string, reg: string, address: number, entries: Array<[string, number]>): string {
  const body = entries.map(([n, v]) => `    <EnumEntry Name="${n}"><Value>${v}</Value></EnumEntry>`).join('\n');
  return `  <Enumeration Name="${name}">
${body}
    <pValue>${reg}</pValue>
  </Enumeration>
${intReg({ name: reg, address, length: 4, access: 'RO', noCache: true })}`;
}

export function generateGenicamXml(opts: { vendor: string; model: string; variant: Variant }): string {
  const common = [
    stringReg('DeviceVendorName', Bootstrap.MANUFACTURER_NAME, StringLengths.MANUFACTURER_NAME),
    stringReg('DeviceModelName', Bootstrap.MODEL_NAME, StringLengths.MODEL_NAME),
    stringReg('DeviceSerialNumber', Bootstrap.SERIAL_NUMBER, StringLengths.SERIAL_NUMBER),
    command('TimestampLatch', 'TimestampLatchReg', Feature.TIMESTAMP_LATCH),
    intReg({ name: 'TimestampLatchValue', address: Feature.TIMESTAMP_LATCH_VALUE, length: 8, access: 'RO', noCache: true }),
  ];
  const features = ['DeviceVendorName', 'DeviceModelName', 'DeviceSerialNumber', 'TimestampLatch', 'TimestampLatchValue'];
  let ptp: string[];
  if (opts.variant === 'sfnc') {
    features.push('PtpEnable', 'PtpStatus', 'PtpServoStatus', 'PtpDataSetLatch', 'PtpOffsetFromMaster', 'PtpGrandmasterClockID', 'PtpClockID');
    ptp = [
      boolean('PtpEnable', 'PtpEnableReg', Feature.PTP_ENABLE),
      enumeration('PtpStatus', 'PtpStatusReg', Feature.PTP_STATUS, PTP_STATES.map((s) => [s, SFNC_STATUS_VALUE[s]])),
      enumeration('PtpServoStatus', 'PtpServoStatusReg', Feature.PTP_SERVO_STATUS, SERVO_STATES.map((s) => [s, SERVO_VALUE[s]])),
      command('PtpDataSetLatch', 'PtpDataSetLatchReg', Feature.PTP_DATASET_LATCH),
      intReg({ name: 'PtpOffsetFromMaster', address: Feature.PTP_OFFSET_FROM_MASTER, length: 8, access: 'RO', noCache: true, signed: true }),
      intReg({ name: 'PtpGrandmasterClockID', address: Feature.PTP_GRANDMASTER_CLOCK_ID, length: 8, access: 'RO', noCache: true }),
      intReg({ name: 'PtpClockID', address: Feature.PTP_CLOCK_ID, length: 8, access: 'RO', noCache: true }),
    ];
  } else {
    features.push('GevIEEE1588', 'GevIEEE1588Status', 'GevIEEE1588DataSetLatch', 'GevIEEE1588StatusLatched');
    const entries = PTP_STATES.map((s): [string, number] => [s, IEEE1588_STATUS_VALUE[s]]);
    ptp = [
      boolean('GevIEEE1588', 'GevIEEE1588Reg', Feature.PTP_ENABLE),
      enumeration('GevIEEE1588Status', 'GevIEEE1588StatusReg', Feature.PTP_STATUS, entries),
      command('GevIEEE1588DataSetLatch', 'GevIEEE1588DataSetLatchReg', Feature.PTP_DATASET_LATCH),
      enumeration('GevIEEE1588StatusLatched', 'GevIEEE1588StatusLatchedReg', Feature.PTP_STATUS_LATCHED, entries),
    ];
  }
  const pFeatures = features.map((f) => `    <pFeature>${f}</pFeature>`).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<RegisterDescription ModelName="${escapeXml(opts.model)}" VendorName="${escapeXml(opts.vendor)}"
    SchemaMajorVersion="1" SchemaMinorVersion="1" SchemaSubMinorVersion="0"
    MajorVersion="1" MinorVersion="0" SubMinorVersion="0" StandardNameSpace="GEV"
    ToolTip="ptpcam virtual camera" ProductGuid="00000000-0000-0000-0000-000000000001"
    VersionGuid="00000000-0000-0000-0000-000000000002">
  <Category Name="Root">
${pFeatures}
  </Category>
${[...common, ...ptp].join('\n')}
  <Port Name="Device"/>
</RegisterDescription>
`;
}
