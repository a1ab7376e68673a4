// GVCP wire format (GigE Vision control protocol), big-endian. Layout per docs in
// /work/shared/notes/gvcp-vcam.md section 1; only what Aravis 0.8.26 sends is decoded, plus ACTION_CMD
// (actionCommand.ts), which ptpcam sends itself.
import { ACTION_CMD, ActionDecodeError, decodeActionPayload, type ActionCommand } from './actionCommand.js';

export const GVCP_PORT = 3956;
export const GVCP_KEY = 0x42;
export const HEADER_BYTES = 8;
/** Aravis never sends more than this per READMEM/WRITEMEM (ARV_GVCP_DATA_SIZE_MAX). */
export const MAX_DATA_BYTES = 512;

export const Command = {
  DISCOVERY: 0x0002,
  READREG: 0x0080,
  WRITEREG: 0x0082,
  READMEM: 0x0084,
  WRITEMEM: 0x0086,
  ACTION: ACTION_CMD,
} as const;
export type CommandCode = (typeof Command)[keyof typeof Command];

/** An ack answers with the command code + 1. */
export const ackCodeFor = (command: number): number => command + 1;
export const PENDING_ACK = 0x0089;

export const Status = {
  SUCCESS: 0x0000,
  NOT_IMPLEMENTED: 0x8001,
  INVALID_PARAMETER: 0x8002,
  INVALID_ADDRESS: 0x8003,
  WRITE_PROTECT: 0x8004,
  BAD_ALIGNMENT: 0x8005,
  ACCESS_DENIED: 0x8006,
  BUSY: 0x8007,
} as const;
export type StatusCode = (typeof Status)[keyof typeof Status];

export const Flag = { ACK_REQUIRED: 0x01, BROADCAST_ACK: 0x10 } as const;

export type GvcpCommand =
  | { kind: 'discovery'; id: number; flags: number }
  | { kind: 'readreg'; id: number; flags: number; addresses: number[] }
  | { kind: 'writereg'; id: number; flags: number; writes: Array<{ address: number; value: number }> }
  | { kind: 'readmem'; id: number; flags: number; address: number; count: number }
  | { kind: 'writemem'; id: number; flags: number; address: number; data: Buffer }
  | { kind: 'action'; id: number; flags: number; action: ActionCommand }
  | { kind: 'unknown'; id: number; flags: number; code: number };

export class GvcpDecodeError extends Error {}

export function decodeCommand(packet: Buffer): GvcpCommand {
  if (packet.length < HEADER_BYTES) throw new GvcpDecodeError(`short packet (${packet.length} B)`);
  if (packet[0] !== GVCP_KEY) throw new GvcpDecodeError(`bad key 0x${packet[0]!.toString(16)}`);
  const flags = packet[1]!;
  const code = packet.readUInt16BE(2);
  const length = packet.readUInt16BE(4);
  const id = packet.readUInt16BE(6);
  if (packet.length < HEADER_BYTES + length) throw new GvcpDecodeError('payload shorter than its length field');
  const body = packet.subarray(HEADER_BYTES, HEADER_BYTES + length);
  switch (code) {
    case Command.DISCOVERY:
      return { kind: 'discovery', id, flags };
    case Command.READREG: {
      if (length === 0 || length % 4 !== 0) throw new GvcpDecodeError('READREG length not a multiple of 4');
      const addresses: number[] = [];
      for (let o = 0; o < length; o += 4) addresses.push(body.readUInt32BE(o));
      return { kind: 'readreg', id, flags, addresses };
    }
    case Command.WRITEREG: {
      if (length === 0 || length % 8 !== 0) throw new GvcpDecodeError('WRITEREG length not a multiple of 8');
      const writes: Array<{ address: number; value: number }> = [];
      for (let o = 0; o < length; o += 8) writes.push({ address: body.readUInt32BE(o), value: body.readUInt32BE(o + 4) });
      return { kind: 'writereg', id, flags, writes };
    }
    case Command.READMEM:
      if (length < 8) throw new GvcpDecodeError('READMEM payload < 8 B');
      return { kind: 'readmem', id, flags, address: body.readUInt32BE(0), count: body.readUInt16BE(6) };
    case Command.WRITEMEM:
      if (length < 4) throw new GvcpDecodeError('WRITEMEM payload < 4 B');
      return { kind: 'writemem', id, flags, address: body.readUInt32BE(0), data: Buffer.from(body.subarray(4)) };
    case Command.ACTION:
      try {
        return { kind: 'action', id, flags, action: decodeActionPayload(flags, body) };
      } catch (e) {
        if (e instanceof ActionDecodeError) throw new GvcpDecodeError(e.message);
        throw e;
      }
    default:
      return { kind: 'unknown', id, flags, code };
  }
}

export function encodeAck(status: number, answerCode: number, id: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt16BE(status, 0);
  header.writeUInt16BE(answerCode, 2);
  header.writeUInt16BE(payload.length, 4);
  header.writeUInt16BE(id, 6);
  return Buffer.concat([header, payload]);
}

/** Client side (tests and the control holder): build a command with ACK_REQUIRED set. */
export function encodeCommand(code: number, id: number, payload: Buffer = Buffer.alloc(0), flags: number = Flag.ACK_REQUIRED): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header[0] = GVCP_KEY;
  header[1] = flags;
  header.writeUInt16BE(code, 2);
  header.writeUInt16BE(payload.length, 4);
  header.writeUInt16BE(id, 6);
  return Buffer.concat([header, payload]);
}

export interface GvcpAck {
  status: number;
  answer: number;
  id: number;
  payload: Buffer;
}

export function decodeAck(packet: Buffer): GvcpAck {
  if (packet.length < HEADER_BYTES) throw new GvcpDecodeError(`short ack (${packet.length} B)`);
  const length = packet.readUInt16BE(4);
  return {
    status: packet.readUInt16BE(0),
    answer: packet.readUInt16BE(2),
    id: packet.readUInt16BE(6),
    payload: Buffer.from(packet.subarray(HEADER_BYTES, HEADER_BYTES + length)),
  };
}
