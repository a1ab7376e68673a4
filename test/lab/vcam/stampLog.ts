// What a camera saw, with the kernel's receive stamps, for tests and the bench: every ACTION_CMD (acted on
// or not), every TimestampLatch write, every frame sent, and the receive path's delays. One line per event,
// buffered and written on the next turn of the event loop (after the ack has left, so logging never widens a
// latch window), so a reader sees an event within about a millisecond of it:
//   A <kernel rx ns> <request id> <outcome>   outcome: fired | ignored | refused | unsupported
//   L <kernel rx ns>
//   F <block id> <camera ns> <trigger>        trigger: Action1 | Action2 | Software | FreeRun
//   D <kernel rx ns> <helper wake ns> <handled ns>   per GVCP command: when the stamping helper's recvmsg
//                                             returned, and when the camera's JS handled it (CLOCK_REALTIME)
//   W <address hex> <value> <status>          every accepted or refused write to a feature register (0x30000 up),
//                                             write-only ones included (ActionDeviceKey cannot be read back, so
//                                             this is how a test sees what an application left in it)
// Kernel stamps are host CLOCK_REALTIME (before the camera's clock model); "-" when the camera runs without
// the stamping helper.
import { closeSync, openSync, writeSync } from 'node:fs';

export type ActionOutcome = 'fired' | 'ignored' | 'refused' | 'unsupported';
export type FrameTrigger = 'Action1' | 'Action2' | 'Software' | 'FreeRun';

export interface ActionStamp {
  kernelNs: bigint | undefined;
  requestId: number;
  outcome: ActionOutcome;
}

export interface FrameRecord {
  blockId: number;
  cameraNs: bigint;
  trigger: FrameTrigger;
}

export interface RxDelay {
  kernelNs: bigint;
  /** recvmsg returned in the helper − kernel stamp. */
  helperWakeNs: bigint;
  /** The camera's JS handled the command − kernel stamp (helper, pipe, event loop). */
  handledNs: bigint;
}

export interface RegisterWrite {
  address: number;
  value: number;
  /** GVCP status the write got (0 = accepted). */
  status: number;
  /** The command that carried it: ptpcam sends TimestampLatch as a WRITEREG when the XML allows, Aravis's GenICam
   *  layer a WRITEMEM. */
  command: WriteCommand;
}

export type WriteCommand = 'WRITEREG' | 'WRITEMEM';

export interface CameraStamps {
  actions: ActionStamp[];
  latches: Array<bigint | undefined>;
  frames: FrameRecord[];
  delays: RxDelay[];
  writes: RegisterWrite[];
}

export interface StampSink {
  action(kernelNs: bigint | undefined, requestId: number, outcome: ActionOutcome): void;
  latch(kernelNs: bigint | undefined): void;
  frame(blockId: number, cameraNs: bigint, trigger: FrameTrigger): void;
  delay(kernelNs: bigint, userNs: bigint, handledNs: bigint): void;
  write(address: number, value: number, status: number, command: WriteCommand): void;
  close(): void;
}

const ns = (v: bigint | undefined): string => (v === undefined ? '-' : v.toString());

export class FileStampLog implements StampSink {
  private fd: number | undefined;
  private lines: string[] = [];
  private scheduled = false;

  constructor(path: string) {
    this.fd = openSync(path, 'a');
  }

  private line(text: string): void {
    this.lines.push(text);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.fd === undefined || this.lines.length === 0) return;
    writeSync(this.fd, `${this.lines.join('\n')}\n`);
    this.lines = [];
  }

  action(kernelNs: bigint | undefined, requestId: number, outcome: ActionOutcome): void {
    this.line(`A ${ns(kernelNs)} ${requestId} ${outcome}`);
  }

  latch(kernelNs: bigint | undefined): void {
    this.line(`L ${ns(kernelNs)}`);
  }

  frame(blockId: number, cameraNs: bigint, trigger: FrameTrigger): void {
    this.line(`F ${blockId} ${cameraNs} ${trigger}`);
  }

  delay(kernelNs: bigint, userNs: bigint, handledNs: bigint): void {
    this.line(`D ${kernelNs} ${userNs - kernelNs} ${handledNs - kernelNs}`);
  }

  write(address: number, value: number, status: number, command: WriteCommand): void {
    this.line(`W ${address.toString(16)} ${value >>> 0} ${status} ${command}`);
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** In memory, for unit tests of the device. */
export class MemoryStampLog implements StampSink {
  readonly stamps: CameraStamps = { actions: [], latches: [], frames: [], delays: [], writes: [] };
  action(kernelNs: bigint | undefined, requestId: number, outcome: ActionOutcome): void {
    this.stamps.actions.push({ kernelNs, requestId, outcome });
  }
  latch(kernelNs: bigint | undefined): void {
    this.stamps.latches.push(kernelNs);
  }
  frame(blockId: number, cameraNs: bigint, trigger: FrameTrigger): void {
    this.stamps.frames.push({ blockId, cameraNs, trigger });
  }
  delay(kernelNs: bigint, userNs: bigint, handledNs: bigint): void {
    this.stamps.delays.push({ kernelNs, helperWakeNs: userNs - kernelNs, handledNs: handledNs - kernelNs });
  }
  write(address: number, value: number, status: number, command: WriteCommand): void {
    this.stamps.writes.push({ address, value: value >>> 0, status, command });
  }
  close(): void {}
}

const parseNs = (s: string | undefined): bigint | undefined => (s === undefined || s === '-' ? undefined : BigInt(s));

export function parseStampLog(text: string): CameraStamps {
  const out: CameraStamps = { actions: [], latches: [], frames: [], delays: [], writes: [] };
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f[0] === 'A' && f.length === 4) out.actions.push({ kernelNs: parseNs(f[1]), requestId: Number(f[2]), outcome: f[3] as ActionOutcome });
    else if (f[0] === 'L' && f.length === 2) out.latches.push(parseNs(f[1]));
    else if (f[0] === 'F' && f.length === 4) out.frames.push({ blockId: Number(f[1]), cameraNs: BigInt(f[2]!), trigger: f[3] as FrameTrigger });
    else if (f[0] === 'W' && f.length === 5) out.writes.push({ address: parseInt(f[1]!, 16), value: Number(f[2]), status: Number(f[3]), command: f[4] as WriteCommand });
    else if (f[0] === 'D' && f.length === 4) out.delays.push({ kernelNs: BigInt(f[1]!), helperWakeNs: BigInt(f[2]!), handledNs: BigInt(f[3]!) });
  }
  return out;
}
