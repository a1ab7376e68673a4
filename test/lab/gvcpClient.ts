// A minimal GVCP client for tests: talks to one virtual camera over UDP the way Aravis does (same id on
// retries, 500 ms per attempt), and can hold control privilege with a heartbeat.
import dgram from 'node:dgram';
import { Command, Status, ackCodeFor, decodeAck, encodeCommand, type GvcpAck } from './vcam/gvcpPacket.js';
import { Bootstrap, Ccp } from './vcam/registerMap.js';

export class GvcpStatusError extends Error {
  constructor(readonly status: number, op: string) {
    super(`${op} failed with status 0x${status.toString(16).padStart(4, '0')}`);
    this.name = 'GvcpStatusError';
  }
}

export class GvcpTimeoutError extends Error {
  override name = 'GvcpTimeoutError';
}

export interface GvcpClientOptions {
  host: string;
  port?: number;
  timeoutMs?: number;
  attempts?: number;
}

export class GvcpClient {
  private readonly socket = dgram.createSocket('udp4');
  private nextId = 0xff15;
  private heartbeat: NodeJS.Timeout | undefined;
  private waiter: ((ack: GvcpAck) => void) | undefined;
  // One transaction at a time, like Aravis' per-device mutex.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: GvcpClientOptions) {
    this.socket.on('message', (msg) => {
      try {
        this.waiter?.(decodeAck(msg));
      } catch {
        // Malformed acks are ignored, as Aravis does.
      }
    });
  }

  async bind(): Promise<{ address: string; port: number }> {
    await new Promise<void>((resolve) => this.socket.bind(0, () => resolve()));
    return this.socket.address();
  }

  private id(): number {
    const id = this.nextId;
    this.nextId = this.nextId === 0xffff ? 1 : this.nextId + 1;
    return id;
  }

  /** Sends `packet` until an ack with the same id and answer code arrives. */
  transact(code: number, payload: Buffer, id = this.id()): Promise<GvcpAck> {
    const run = async (): Promise<GvcpAck> => {
      const packet = encodeCommand(code, id, payload);
      const attempts = this.opts.attempts ?? 5;
      for (let attempt = 0; attempt < attempts; attempt++) {
        const ack = await new Promise<GvcpAck | undefined>((resolve) => {
          const timer = setTimeout(() => {
            this.waiter = undefined;
            resolve(undefined);
          }, this.opts.timeoutMs ?? 500);
          this.waiter = (a) => {
            if (a.id !== id || a.answer !== ackCodeFor(code)) return;
            clearTimeout(timer);
            this.waiter = undefined;
            resolve(a);
          };
          this.socket.send(packet, this.opts.port ?? 3956, this.opts.host);
        });
        if (ack) return ack;
      }
      throw new GvcpTimeoutError(`no ack for command 0x${code.toString(16)} id 0x${id.toString(16)}`);
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  async readReg(address: number): Promise<number> {
    const payload = Buffer.alloc(4);
    payload.writeUInt32BE(address >>> 0);
    const ack = await this.transact(Command.READREG, payload);
    if (ack.status !== Status.SUCCESS) throw new GvcpStatusError(ack.status, `READREG 0x${address.toString(16)}`);
    return ack.payload.readUInt32BE(0);
  }

  async writeReg(address: number, value: number): Promise<void> {
    const payload = Buffer.alloc(8);
    payload.writeUInt32BE(address >>> 0, 0);
    payload.writeUInt32BE(value >>> 0, 4);
    const ack = await this.transact(Command.WRITEREG, payload);
    if (ack.status !== Status.SUCCESS) throw new GvcpStatusError(ack.status, `WRITEREG 0x${address.toString(16)}`);
  }

  async readMem(address: number, count: number): Promise<Buffer> {
    const payload = Buffer.alloc(8);
    payload.writeUInt32BE(address >>> 0, 0);
    payload.writeUInt16BE(count, 6);
    const ack = await this.transact(Command.READMEM, payload);
    if (ack.status !== Status.SUCCESS) throw new GvcpStatusError(ack.status, `READMEM 0x${address.toString(16)}`);
    return ack.payload.subarray(4);
  }

  async writeMem(address: number, data: Buffer): Promise<void> {
    const payload = Buffer.alloc(4);
    payload.writeUInt32BE(address >>> 0, 0);
    const ack = await this.transact(Command.WRITEMEM, Buffer.concat([payload, data]));
    if (ack.status !== Status.SUCCESS) throw new GvcpStatusError(ack.status, `WRITEMEM 0x${address.toString(16)}`);
  }

  async readU32(address: number): Promise<number> {
    return (await this.readMem(address, 4)).readUInt32BE(0);
  }

  async readU64(address: number): Promise<bigint> {
    return (await this.readMem(address, 8)).readBigUInt64BE(0);
  }

  async writeU32(address: number, value: number): Promise<void> {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(value >>> 0);
    await this.writeMem(address, b);
  }

  /** Takes control and heartbeats every `heartbeatMs`, as Aravis does at 1 Hz. */
  async takeControl(heartbeatMs = 1000): Promise<void> {
    await this.writeReg(Bootstrap.CCP, Ccp.CONTROL);
    this.heartbeat = setInterval(() => {
      this.readReg(Bootstrap.CCP).catch(() => undefined);
    }, heartbeatMs);
  }

  stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  async close(release = true): Promise<void> {
    this.stopHeartbeat();
    if (release) await this.writeReg(Bootstrap.CCP, 0).catch(() => undefined);
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }
}
