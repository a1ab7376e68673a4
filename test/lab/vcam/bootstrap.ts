// The read-only part of the GigE Vision bootstrap register image. Dynamic registers (CCP, heartbeat timeout)
// are owned by the control channel and overlaid by the device.
import { Bootstrap, GVCP_CAPABILITY_ACTION, GVCP_CAPABILITY_VALUE, StringLengths, XML_ADDRESS } from './registerMap.js';

export interface DeviceIdentity {
  vendor: string;
  model: string;
  serial: string;
  deviceVersion: string;
  manufacturerInfo: string;
  userName: string;
  /** "aa:bb:cc:dd:ee:ff" */
  mac: string;
  /** dotted IPv4, reported in discovery field 0x24: Aravis sends all control traffic there. */
  ip: string;
  netmask: string;
}

export function parseMac(mac: string): Buffer {
  const parts = mac.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) throw new Error(`bad MAC "${mac}"`);
  return Buffer.from(parts.map((p) => parseInt(p, 16)));
}

export function parseIpv4(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`bad IPv4 "${ip}"`);
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function putString(image: Buffer, offset: number, max: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  // Keep one NUL so readers that stop at NUL never run into the next field.
  bytes.copy(image, offset, 0, Math.min(bytes.length, max - 1));
}

export function xmlUrl(fileName: string, size: number): string {
  return `Local:${fileName};${XML_ADDRESS.toString(16)};${size.toString(16)}`;
}

export interface BootstrapOptions {
  /** Advertise ACTION_CMD in the GVCP capability register (0x0934). */
  actions: boolean;
  /** GevTimestampTickFrequency (0x093C high, 0x0940 low). */
  tickFrequencyHz: bigint;
}

export function buildBootstrapImage(
  id: DeviceIdentity,
  xmlFileName: string,
  xmlSize: number,
  opts: BootstrapOptions = { actions: false, tickFrequencyHz: 1_000_000_000n },
): Buffer {
  const image = Buffer.alloc(Bootstrap.END);
  image.writeUInt32BE((2 << 16) | 0, Bootstrap.VERSION);
  // Big-endian device, UTF-8 charset.
  image.writeUInt32BE(0x80000001, Bootstrap.DEVICE_MODE);
  const mac = parseMac(id.mac);
  mac.copy(image, Bootstrap.MAC_HIGH + 2);
  // Supported: persistent, DHCP, LLA; current: LLA only, which is what the lab assigns.
  image.writeUInt32BE(0x7, Bootstrap.IP_CONFIG_SUPPORTED);
  image.writeUInt32BE(0x4, Bootstrap.IP_CONFIG_CURRENT);
  image.writeUInt32BE(parseIpv4(id.ip), Bootstrap.CURRENT_IP);
  image.writeUInt32BE(parseIpv4(id.netmask), Bootstrap.SUBNET_MASK);
  putString(image, Bootstrap.MANUFACTURER_NAME, StringLengths.MANUFACTURER_NAME, id.vendor);
  putString(image, Bootstrap.MODEL_NAME, StringLengths.MODEL_NAME, id.model);
  putString(image, Bootstrap.DEVICE_VERSION, StringLengths.DEVICE_VERSION, id.deviceVersion);
  putString(image, Bootstrap.MANUFACTURER_INFO, StringLengths.MANUFACTURER_INFO, id.manufacturerInfo);
  putString(image, Bootstrap.SERIAL_NUMBER, StringLengths.SERIAL_NUMBER, id.serial);
  putString(image, Bootstrap.USER_NAME, StringLengths.USER_NAME, id.userName);
  putString(image, Bootstrap.URL_0, StringLengths.URL, xmlUrl(xmlFileName, xmlSize));
  image.writeUInt32BE(1, Bootstrap.NETWORK_INTERFACES);
  // One GVSP stream channel (Aravis' create_stream refuses a device with 0).
  image.writeUInt32BE(1, Bootstrap.STREAM_CHANNELS);
  image.writeUInt32BE((GVCP_CAPABILITY_VALUE | (opts.actions ? GVCP_CAPABILITY_ACTION : 0)) >>> 0, Bootstrap.GVCP_CAPABILITY);
  image.writeBigUInt64BE(opts.tickFrequencyHz, Bootstrap.TICK_FREQ_HIGH);
  return image;
}
