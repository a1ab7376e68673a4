// GVCP ACTION_CMD (0x0100) and ACTION_ACK (0x0101), GigE Vision 2.0; layout checked live against Aravis 0.8.26
// cameras (/work/shared/notes/gige-action-gvsp.md). Payload, big-endian: device key, group key, group mask
// (32 bits each), then, when flag 0x80 ("action time available", a *scheduled* action) is set, a 64-bit
// action time. A camera acts when the device key equals its ActionDeviceKey, the group key equals
// ActionGroupKey[n] and the mask ANDed with ActionGroupMask[n] is non-zero, for some action n; otherwise it
// ignores the packet and sends no ack, whatever the flags say.

export const ACTION_CMD = 0x0100;
export const ACTION_ACK = 0x0101;
export const ActionFlag = { ACK_REQUIRED: 0x01, SCHEDULED: 0x80 } as const;

export interface ActionCommand {
  deviceKey: number;
  groupKey: number;
  groupMask: number;
  /** Present only with the scheduled flag. */
  actionTime?: bigint;
}

export class ActionDecodeError extends Error {}

export function decodeActionPayload(flags: number, body: Buffer): ActionCommand {
  const scheduled = (flags & ActionFlag.SCHEDULED) !== 0;
  if (body.length < (scheduled ? 20 : 12)) throw new ActionDecodeError(`ACTION_CMD payload ${body.length} B is too short`);
  const cmd: ActionCommand = { deviceKey: body.readUInt32BE(0), groupKey: body.readUInt32BE(4), groupMask: body.readUInt32BE(8) };
  if (scheduled) cmd.actionTime = body.readBigUInt64BE(12);
  return cmd;
}

export function encodeActionPayload(cmd: ActionCommand): Buffer {
  const b = Buffer.alloc(cmd.actionTime === undefined ? 12 : 20);
  b.writeUInt32BE(cmd.deviceKey >>> 0, 0);
  b.writeUInt32BE(cmd.groupKey >>> 0, 4);
  b.writeUInt32BE(cmd.groupMask >>> 0, 8);
  if (cmd.actionTime !== undefined) b.writeBigUInt64BE(cmd.actionTime, 12);
  return b;
}

/** The camera's action configuration: one device key, and a group key and mask per action signal (1-based). */
export interface ActionKeys {
  deviceKey: number;
  groups: ReadonlyArray<{ groupKey: number; groupMask: number }>;
}

/** Action signal numbers (1-based) this command asserts on a camera with these keys; empty = ignore it. */
export function matchAction(keys: ActionKeys, cmd: ActionCommand): number[] {
  if (cmd.deviceKey >>> 0 !== keys.deviceKey >>> 0) return [];
  const hits: number[] = [];
  keys.groups.forEach((g, i) => {
    if (g.groupKey >>> 0 === cmd.groupKey >>> 0 && ((g.groupMask & cmd.groupMask) >>> 0) !== 0) hits.push(i + 1);
  });
  return hits;
}
