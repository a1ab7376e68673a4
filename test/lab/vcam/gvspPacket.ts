// GVSP wire format (GigE Vision streaming protocol) as Aravis 0.8.26 parses it (src/arvgvspprivate.h):
// an 8-byte header (status 16, block id 16, packet format in the top byte and packet id in the low 24 bits
// of one 32-bit word), then the leader, payload or trailer body. Standard (non-extended) ids: block ids are
// 16 bits, counted from 1 (0 is reserved), packet ids from 0 within a block. Big-endian throughout.

export const GVSP_HEADER_BYTES = 8;
/** IPv4 (20) + UDP (8): GevSCPSPacketSize counts them, the datagram does not. */
export const IP_UDP_OVERHEAD = 28;

export const PacketFormat = { LEADER: 1, TRAILER: 2, PAYLOAD: 3 } as const;
export const PayloadType = { IMAGE: 1 } as const;
/** PFNC Mono8. */
export const PIXEL_FORMAT_MONO8 = 0x01080001;

function header(blockId: number, format: number, packetId: number, status = 0): Buffer {
  const h = Buffer.alloc(GVSP_HEADER_BYTES);
  h.writeUInt16BE(status, 0);
  h.writeUInt16BE(blockId & 0xffff, 2);
  h.writeUInt32BE(((format << 24) | (packetId & 0xffffff)) >>> 0, 4);
  return h;
}

export interface ImageInfo {
  pixelFormat: number;
  width: number;
  height: number;
  offsetX: number;
  offsetY: number;
}

/** Image leader: reserved 16, payload type 16, timestamp high 32 / low 32 (ticks), pixel format, width,
 *  height, x/y offset (32 each), x/y padding (16 each). */
export function encodeLeader(blockId: number, timestampTicks: bigint, image: ImageInfo): Buffer {
  const body = Buffer.alloc(36);
  body.writeUInt16BE(0, 0);
  body.writeUInt16BE(PayloadType.IMAGE, 2);
  body.writeBigUInt64BE(BigInt.asUintN(64, timestampTicks), 4);
  body.writeUInt32BE(image.pixelFormat >>> 0, 12);
  body.writeUInt32BE(image.width, 16);
  body.writeUInt32BE(image.height, 20);
  body.writeUInt32BE(image.offsetX, 24);
  body.writeUInt32BE(image.offsetY, 28);
  body.writeUInt16BE(0, 32);
  body.writeUInt16BE(0, 34);
  return Buffer.concat([header(blockId, PacketFormat.LEADER, 0), body]);
}

export function encodePayload(blockId: number, packetId: number, data: Buffer): Buffer {
  return Buffer.concat([header(blockId, PacketFormat.PAYLOAD, packetId), data]);
}

/** Image trailer: reserved 16, payload type 16, size y (height) 32. */
export function encodeTrailer(blockId: number, packetId: number, height: number): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt16BE(0, 0);
  body.writeUInt16BE(PayloadType.IMAGE, 2);
  body.writeUInt32BE(height, 4);
  return Buffer.concat([header(blockId, PacketFormat.TRAILER, packetId), body]);
}

/** Every packet of one frame: leader, payload packets of at most packetSize − IP/UDP − GVSP header, trailer. */
export function encodeFrame(blockId: number, timestampTicks: bigint, image: ImageInfo, data: Buffer, packetSize: number): Buffer[] {
  const chunk = packetSize - IP_UDP_OVERHEAD - GVSP_HEADER_BYTES;
  if (chunk < 1) throw new Error(`packet size ${packetSize} leaves no room for payload`);
  const packets = [encodeLeader(blockId, timestampTicks, image)];
  let packetId = 1;
  for (let o = 0; o < data.length; o += chunk) packets.push(encodePayload(blockId, packetId++, data.subarray(o, o + chunk)));
  packets.push(encodeTrailer(blockId, packetId, image.height));
  return packets;
}

/** The test packet GevSCPSFireTestPacket asks for: a datagram of packetSize − IP/UDP bytes (Aravis checks the
 *  length only, src/arvgvdevice.c test_packet_check). GigE Vision fills it with a GVSP header and test data. */
export function encodeTestPacket(packetSize: number): Buffer {
  const p = Buffer.alloc(Math.max(GVSP_HEADER_BYTES, packetSize - IP_UDP_OVERHEAD));
  header(0, PacketFormat.PAYLOAD, 0).copy(p, 0);
  for (let i = GVSP_HEADER_BYTES; i < p.length; i++) p[i] = i & 0xff;
  return p;
}

/** Block ids: 16 bits, from 1, and 0 skipped on wrap (0 means "no id" in GigE Vision 1.x). */
export function nextBlockId(id: number): number {
  return id >= 0xffff ? 1 : id + 1;
}

export interface DecodedGvsp {
  status: number;
  blockId: number;
  format: number;
  packetId: number;
  body: Buffer;
}

/** For tests: the inverse of the encoders' header. */
export function decodeGvsp(packet: Buffer): DecodedGvsp {
  if (packet.length < GVSP_HEADER_BYTES) throw new Error(`short GVSP packet (${packet.length} B)`);
  const word = packet.readUInt32BE(4);
  return { status: packet.readUInt16BE(0), blockId: packet.readUInt16BE(2), format: word >>> 24, packetId: word & 0xffffff, body: packet.subarray(GVSP_HEADER_BYTES) };
}
