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
  /** Stream channel 0 (GigE Vision 2.0; Aravis' ArvGevSCP* default nodes): host port (low 16 bits). */
  SCP0: 0x0d00,
  /** Packet size (low 16 bits); bit 31 fire test packet, bit 30 do not fragment, bit 29 big endian. */
  SCPS0: 0x0d04,
  SCPD0: 0x0d08,
  /** Destination IPv4. */
  SCDA0: 0x0d18,
  /** Source port (low 16 bits), read only. */
  SCSP0: 0x0d1c,
  /** Bootstrap space ends here; everything below is served from the bootstrap image (the stream channel
   *  registers above it are overlaid by the stream channel). */
  END: 0x0e00,
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

/** Image, trigger and action features (SFNC names in genicamXml.ts). */
export const StreamFeature = {
  WIDTH: 0x31000,
  HEIGHT: 0x31004,
  OFFSET_X: 0x31008,
  OFFSET_Y: 0x3100c,
  PIXEL_FORMAT: 0x31010,
  PAYLOAD_SIZE: 0x31014,
  ACQUISITION_MODE: 0x31018,
  ACQUISITION_START: 0x3101c,
  ACQUISITION_STOP: 0x31020,
  TRIGGER_SELECTOR: 0x31024,
  TRIGGER_MODE: 0x31028,
  TRIGGER_SOURCE: 0x3102c,
  TRIGGER_SOFTWARE: 0x31030,
  ACTION_DEVICE_KEY: 0x31034,
  ACTION_SELECTOR: 0x31038,
  ACTION_GROUP_KEY: 0x3103c,
  ACTION_GROUP_MASK: 0x31040,
  ACQUISITION_FRAME_RATE: 0x31044,
} as const;

/** SCPS bits (LSB = bit 0), as Aravis' masked registers address them. */
export const Scps = { FIRE_TEST: 0x80000000, DO_NOT_FRAGMENT: 0x40000000, BIG_ENDIAN: 0x20000000, SIZE_MASK: 0xffff } as const;

/** GigE Vision CCP bits (LSB = bit 0). */
export const Ccp = { EXCLUSIVE: 0x1, CONTROL: 0x2 } as const;

/** LSB-0 numbering: bit1 WRITEMEM, bit5 PENDING_ACK; PACKET_RESEND stays 0 (the camera keeps no resend
 *  buffer, so Aravis turns resend requests off). */
export const GVCP_CAPABILITY_VALUE = 0x00000022;
/** Bit 6 (LSB-0; bit 25 from the MSB): ACTION_CMD supported (Aravis ARV_GVBS_GVCP_CAPABILITY_ACTION). */
export const GVCP_CAPABILITY_ACTION = 0x00000040;
