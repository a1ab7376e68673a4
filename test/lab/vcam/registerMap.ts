// Addresses shared by the bootstrap map, the GenICam XML generator and the device, so the XML can never
// point at a register the device does not serve.

export const Bootstrap = {
  VERSION: 0x0000,
  DEVICE_MODE: 0x0004,
  MAC_HIGH: 0x0008,
  MAC_LOW: 0x000c,
  IP_CONFIG_SUPPORTED: 0x0010,
  IP_CONFIG_CURRENT: 0x0014,
  CURRENT_IP: 0x0024,
  SUBNET_MASK: 0x0034,
  GATEWAY: 0x0044,
  MANUFACTURER_NAME: 0x0048,
  MODEL_NAME: 0x0068,
  DEVICE_VERSION: 0x0088,
  MANUFACTURER_INFO: 0x00a8,
  SERIAL_NUMBER: 0x00d8,
  USER_NAME: 0x00e8,
  /** The discovery ack carries bytes 0x000..0x0F7. */
  DISCOVERY_BYTES: 0x00f8,
  URL_0: 0x0200,
  URL_1: 0x0400,
  NETWORK_INTERFACES: 0x0600,
  STREAM_CHANNELS: 0x0904,
  GVCP_CAPABILITY: 0x0934,
  HEARTBEAT_TIMEOUT: 0x0938,
  TICK_FREQ_HIGH: 0x093c,
  TICK_FREQ_LOW: 0x0940,
  CCP: 0x0a00,
  /** Bootstrap space ends here; everything below is served from the bootstrap image. */
  END: 0x0b00,
} as const;

export const StringLengths = {
  MANUFACTURER_NAME: 32,
  MODEL_NAME: 32,
  DEVICE_VERSION: 32,
  MANUFACTURER_INFO: 48,
  SERIAL_NUMBER: 16,
  USER_NAME: 16,
  URL: 512,
} as const;

/** Where the GenICam XML lives; the window is larger than any XML we generate. */
export const XML_ADDRESS = 0x10000;
export const XML_WINDOW = 0x10000;

/** Feature registers, 4-byte aligned; 8-byte values are big-endian across two words. */
export const Feature = {
  TIMESTAMP_LATCH: 0x30000,
  TIMESTAMP_LATCH_VALUE: 0x30008,
  PTP_ENABLE: 0x30010,
  PTP_STATUS: 0x30014,
  PTP_SERVO_STATUS: 0x30018,
  PTP_DATASET_LATCH: 0x3001c,
  PTP_OFFSET_FROM_MASTER: 0x30020,
  PTP_GRANDMASTER_CLOCK_ID: 0x30028,
  PTP_CLOCK_ID: 0x30030,
  /** Legacy GevIEEE1588StatusLatched: the port state captured by the last data set latch. */
  PTP_STATUS_LATCHED: 0x30038,
} as const;

/** GigE Vision CCP bits (LSB = bit 0). */
export const Ccp = { EXCLUSIVE: 0x1, CONTROL: 0x2 } as const;

/** LSB-0 numbering: bit1 WRITEMEM, bit5 PENDING_ACK; PACKET_RESEND stays 0 (no streaming). */
export const GVCP_CAPABILITY_VALUE = 0x00000022;
