// The camera's own GenICam XML. Endianness is stated on every register because Aravis defaults to
// LittleEndian; schema 1.1 makes Aravis use READMEM/WRITEMEM for every feature register.
import { ACQUISITION_MODES, ACTION_SIGNALS, SIZE, TRIGGER_MODES, TRIGGER_SELECTORS, TRIGGER_SOURCE_VALUE } from './acquisition.js';
import { PIXEL_FORMAT_MONO8 } from './gvspPacket.js';
import { Bootstrap, Feature, StreamFeature, StringLengths } from './registerMap.js';
import { DEFAULT_PACKET_SIZE, LINK_MTU } from './streamChannel.js';
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
  endianness?: Endianness;
}

/** How the camera's XML describes a register's bytes. Cameras say BigEndian (GVCP's order); LittleEndian, GenICam's
 *  default, makes a camera whose TimestampLatch ptpcam cannot send as a plain register write. */
export type Endianness = 'BigEndian' | 'LittleEndian';

function intReg(o: RegOpts): string {
  return `  <IntReg Name="${o.name}">
    <Address>${hex(o.address)}</Address><Length>${o.length}</Length><AccessMode>${o.access}</AccessMode>
    <pPort>Device</pPort>${o.noCache ? '<Cachable>NoCache</Cachable>' : ''}
    <Sign>${o.signed ? 'Signed' : 'Unsigned'}</Sign><Endianess>${o.endianness ?? 'BigEndian'}</Endianess>
  </IntReg>`;
}

function stringReg(name: string, address: number, length: number): string {
  return `  <StringReg Name="${name}">
    <Address>${hex(address)}</Address><Length>${length}</Length><AccessMode>RO</AccessMode><pPort>Device</pPort>
  </StringReg>`;
}

function command(name: string, reg: string, address: number, endianness?: Endianness): string {
  return `  <Command Name="${name}"><pValue>${reg}</pValue><CommandValue>1</CommandValue></Command>
${intReg({ name: reg, address, length: 4, access: 'WO', ...(endianness ? { endianness } : {}) })}`;
}

function boolean(name: string, reg: string, address: number): string {
  return `  <Boolean Name="${name}"><pValue>${reg}</pValue><OnValue>1</OnValue><OffValue>0</OffValue></Boolean>
${intReg({ name: reg, address, length: 4, access: 'RW' })}`;
}

function enumeration(name: string, reg: string, address: number, entries: Array<[string, number]>, access: 'RO' | 'RW' = 'RO'): string {
  const body = entries.map(([n, v]) => `    <EnumEntry Name="${n}"><Value>${v}</Value></EnumEntry>`).join('\n');
  return `  <Enumeration Name="${name}">
${body}
    <pValue>${reg}</pValue>
  </Enumeration>
${intReg({ name: reg, address, length: 4, access, noCache: true })}`;
}

function integer(name: string, reg: string, address: number, min: number, max: number, inc: number, access: 'RO' | 'RW' = 'RW'): string {
  return `  <Integer Name="${name}"><pValue>${reg}</pValue><Min>${min}</Min><Max>${max}</Max><Inc>${inc}</Inc></Integer>
${intReg({ name: reg, address, length: 4, access, noCache: true })}`;
}

/** A field of a bootstrap register, numbered as GigE Vision and Aravis' own default nodes do (BigEndian: bit 0 is
 *  the MSB), so read-modify-write keeps the register's other bits. */
function maskedReg(name: string, address: number, bits: string): string {
  return `  <MaskedIntReg Name="${name}">
    <Address>${hex(address)}</Address><Length>4</Length><AccessMode>RW</AccessMode><pPort>Device</pPort>
    <Cachable>NoCache</Cachable>${bits}<Sign>Unsigned</Sign><Endianess>BigEndian</Endianess>
  </MaskedIntReg>`;
}

/** Image format, acquisition, trigger, action and stream features (SFNC / GigE Vision names). */
function streamFeatures(actions: boolean): { names: string[]; nodes: string[] } {
  const names = ['Width', 'Height', 'OffsetX', 'OffsetY', 'PixelFormat', 'PayloadSize', 'AcquisitionMode', 'AcquisitionStart', 'AcquisitionStop',
    'TriggerSelector', 'TriggerMode', 'TriggerSource', 'TriggerSoftware', 'GevTimestampTickFrequency', 'GevSCPSPacketSize', 'GevSCPSFireTestPacket'];
  const sources = Object.entries(TRIGGER_SOURCE_VALUE).filter(([n]) => actions || !n.startsWith('Action'));
  const nodes = [
    integer('Width', 'WidthReg', StreamFeature.WIDTH, SIZE.MIN, SIZE.MAX, SIZE.INC),
    integer('Height', 'HeightReg', StreamFeature.HEIGHT, SIZE.MIN, SIZE.MAX, SIZE.INC),
    integer('OffsetX', 'OffsetXReg', StreamFeature.OFFSET_X, 0, 0, 1),
    integer('OffsetY', 'OffsetYReg', StreamFeature.OFFSET_Y, 0, 0, 1),
    enumeration('PixelFormat', 'PixelFormatReg', StreamFeature.PIXEL_FORMAT, [['Mono8', PIXEL_FORMAT_MONO8]], 'RW'),
    intReg({ name: 'PayloadSize', address: StreamFeature.PAYLOAD_SIZE, length: 4, access: 'RO', noCache: true }),
    enumeration('AcquisitionMode', 'AcquisitionModeReg', StreamFeature.ACQUISITION_MODE, ACQUISITION_MODES.map((m, i) => [m, i]), 'RW'),
    command('AcquisitionStart', 'AcquisitionStartReg', StreamFeature.ACQUISITION_START),
    command('AcquisitionStop', 'AcquisitionStopReg', StreamFeature.ACQUISITION_STOP),
    enumeration('TriggerSelector', 'TriggerSelectorReg', StreamFeature.TRIGGER_SELECTOR, TRIGGER_SELECTORS.map((m, i) => [m, i]), 'RW'),
    enumeration('TriggerMode', 'TriggerModeReg', StreamFeature.TRIGGER_MODE, TRIGGER_MODES.map((m, i) => [m, i]), 'RW'),
    enumeration('TriggerSource', 'TriggerSourceReg', StreamFeature.TRIGGER_SOURCE, sources, 'RW'),
    command('TriggerSoftware', 'TriggerSoftwareReg', StreamFeature.TRIGGER_SOFTWARE),
    // 64 bits across the bootstrap's high (0x093C) and low (0x0940) words, big-endian.
    intReg({ name: 'GevTimestampTickFrequency', address: Bootstrap.TICK_FREQ_HIGH, length: 8, access: 'RO' }),
    `  <Integer Name="GevSCPSPacketSize"><pValue>GevSCPSPacketSizeReg</pValue><Min>576</Min><Max>${LINK_MTU}</Max><Inc>4</Inc></Integer>
${maskedReg('GevSCPSPacketSizeReg', Bootstrap.SCPS0, '<LSB>31</LSB><MSB>16</MSB>')}`,
    `  <Command Name="GevSCPSFireTestPacket"><pValue>GevSCPSFireTestPacketReg</pValue><CommandValue>1</CommandValue></Command>
${maskedReg('GevSCPSFireTestPacketReg', Bootstrap.SCPS0, '<Bit>0</Bit>')}`,
  ];
  if (actions) {
    names.push('ActionDeviceKey', 'ActionSelector', 'ActionGroupKey', 'ActionGroupMask');
    nodes.push(
      // SFNC: write-only, so it cannot be read back.
      `  <Integer Name="ActionDeviceKey"><pValue>ActionDeviceKeyReg</pValue><Min>0</Min><Max>4294967295</Max></Integer>
${intReg({ name: 'ActionDeviceKeyReg', address: StreamFeature.ACTION_DEVICE_KEY, length: 4, access: 'WO' })}`,
      integer('ActionSelector', 'ActionSelectorReg', StreamFeature.ACTION_SELECTOR, 1, ACTION_SIGNALS, 1),
      integer('ActionGroupKey', 'ActionGroupKeyReg', StreamFeature.ACTION_GROUP_KEY, 0, 4294967295, 1),
      integer('ActionGroupMask', 'ActionGroupMaskReg', StreamFeature.ACTION_GROUP_MASK, 0, 4294967295, 1),
    );
  }
  return { names, nodes };
}

/** Default packet size, for the README and tests. */
export const DEFAULT_GVSP_PACKET_SIZE = DEFAULT_PACKET_SIZE;

export function generateGenicamXml(opts: { vendor: string; model: string; variant: Variant; actions?: boolean; latchEndianness?: Endianness }): string {
  const common = [
    stringReg('DeviceVendorName', Bootstrap.MANUFACTURER_NAME, StringLengths.MANUFACTURER_NAME),
    stringReg('DeviceModelName', Bootstrap.MODEL_NAME, StringLengths.MODEL_NAME),
    stringReg('DeviceSerialNumber', Bootstrap.SERIAL_NUMBER, StringLengths.SERIAL_NUMBER),
    command('TimestampLatch', 'TimestampLatchReg', Feature.TIMESTAMP_LATCH, opts.latchEndianness),
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
  const stream = streamFeatures(opts.actions ?? true);
  features.push(...stream.names);
  ptp.push(...stream.nodes);
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
