// The camera's two UDP sockets: 0 = GVCP (port 3956, bound to 0.0.0.0 so discovery and action broadcasts
// reach it), 1 = the stream channel's source (GVSP). Two implementations of one interface:
//  - StampedTransport: the native helper test/lab/native/stamped_udp.c owns both sockets and hands every
//    datagram over with the kernel's receive timestamp (SO_TIMESTAMPNS). The lab uses it, so a camera's
//    instant is when its "hardware" saw the packet, not when a node process on a shared core got to it.
//  - NodeTransport: node:dgram, no kernel stamps (the device then reads its clock on arrival). For machines
//    without a C compiler and for tests that exercise the device without the helper.
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { nativeHelperPath } from '../native/buildHelper.js';
import type { Peer } from './controlChannel.js';

export type SocketIndex = 0 | 1;

export interface ReceivedDatagram {
  data: Buffer;
  from: Peer;
  socket: SocketIndex;
  /** CLOCK_REALTIME ns at which the kernel queued the datagram; undefined without the helper. */
  kernelNs?: bigint;
  /** CLOCK_REALTIME ns right after the helper's recvmsg returned (helper wake-up = userNs − kernelNs). */
  userNs?: bigint;
}

export interface CameraTransport {
  readonly kernelStamps: boolean;
  /** Bound ports of socket 0 (GVCP) and socket 1 (stream source). */
  readonly ports: readonly [number, number];
  onDatagram(cb: (d: ReceivedDatagram) => void): void;
  send(socket: SocketIndex, data: Buffer, port: number, address: string): void;
  close(): Promise<void>;
}

export interface TransportOptions {
  address: string;
  port: number;
  /** Use the native helper (kernel receive stamps). */
  kernelStamps: boolean;
  onError?: (message: string) => void;
}

export function openTransport(opts: TransportOptions): Promise<CameraTransport> {
  return opts.kernelStamps ? StampedTransport.open(opts) : NodeTransport.open(opts);
}

const OUT_HEADER = 32;
const IN_HEADER = 12;
const Record = { DATAGRAM: 1, READY: 2, ERROR: 3 } as const;

function ipv4Bytes(address: string): Buffer {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`bad IPv4 ${address}`);
  return Buffer.from(parts);
}

export class StampedTransport implements CameraTransport {
  readonly kernelStamps = true;
  private pending: Buffer = Buffer.alloc(0);
  private listener: ((d: ReceivedDatagram) => void) | undefined;
  private closed = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly ports: readonly [number, number],
  ) {}

  static open(opts: TransportOptions): Promise<CameraTransport> {
    const child = spawn(nativeHelperPath('stamped_udp'), [opts.address, String(opts.port)], { stdio: ['pipe', 'pipe', 'inherit'] });
    return new Promise((resolve, reject) => {
      let transport: StampedTransport | undefined;
      let buffered: Buffer = Buffer.alloc(0);
      const onData = (chunk: Buffer): void => {
        if (transport) return transport.feed(chunk);
        buffered = Buffer.concat([buffered, chunk]);
        if (buffered.length < OUT_HEADER) return;
        const len = buffered.readUInt32LE(0);
        if (buffered.length < OUT_HEADER + len) return;
        const type = buffered[4];
        const payload = buffered.subarray(OUT_HEADER, OUT_HEADER + len);
        if (type === Record.READY) {
          transport = new StampedTransport(child, [payload.readUInt16LE(0), payload.readUInt16LE(2)]);
          child.once('exit', (code, signal) => {
            if (!transport!.closed) opts.onError?.(`stamped_udp exited (${code ?? signal})`);
          });
          const rest = buffered.subarray(OUT_HEADER + len);
          resolve(transport);
          if (rest.length > 0) transport.feed(rest);
        } else {
          child.kill('SIGKILL');
          reject(new Error(`stamped_udp: ${type === Record.ERROR ? payload.toString('utf8') : `unexpected record ${type}`}`));
        }
      };
      child.stdout!.on('data', onData);
      child.once('error', reject);
      child.once('exit', (code, signal) => {
        if (!transport) reject(new Error(`stamped_udp exited before it was ready (${code ?? signal})`));
      });
      // A camera whose helper never answers would otherwise hang its start.
      child.stdin!.on('error', () => undefined);
    });
  }

  private feed(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let off = 0;
    while (this.pending.length - off >= OUT_HEADER) {
      const len = this.pending.readUInt32LE(off);
      if (this.pending.length - off < OUT_HEADER + len) break;
      const type = this.pending[off + 4];
      if (type === Record.DATAGRAM) {
        const ip = this.pending.subarray(off + 8, off + 12);
        const kernel = this.pending.readBigInt64LE(off + 16);
        const d: ReceivedDatagram = {
          // Copied: the pending buffer is reused for the next chunk.
          data: Buffer.from(this.pending.subarray(off + OUT_HEADER, off + OUT_HEADER + len)),
          from: { address: `${ip[0]}.${ip[1]}.${ip[2]}.${ip[3]}`, port: this.pending.readUInt16LE(off + 6) },
          socket: this.pending[off + 5] === 1 ? 1 : 0,
          userNs: this.pending.readBigInt64LE(off + 24),
        };
        if (kernel >= 0n) d.kernelNs = kernel;
        this.listener?.(d);
      }
      off += OUT_HEADER + len;
    }
    this.pending = off === this.pending.length ? Buffer.alloc(0) : Buffer.from(this.pending.subarray(off));
  }

  onDatagram(cb: (d: ReceivedDatagram) => void): void {
    this.listener = cb;
  }

  send(socket: SocketIndex, data: Buffer, port: number, address: string): void {
    if (this.closed) return;
    const h = Buffer.alloc(IN_HEADER);
    h.writeUInt32LE(data.length, 0);
    h[4] = socket;
    h.writeUInt16LE(port, 6);
    ipv4Bytes(address).copy(h, 8);
    this.child.stdin!.write(Buffer.concat([h, data]));
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      // EOF on stdin ends the helper; the kill covers a helper stuck in a write to a full pipe.
      this.child.stdin!.end();
      setTimeout(() => this.child.kill('SIGKILL'), 500).unref();
    });
  }
}

export class NodeTransport implements CameraTransport {
  readonly kernelStamps = false;
  private listener: ((d: ReceivedDatagram) => void) | undefined;

  private constructor(
    private readonly sockets: readonly [dgram.Socket, dgram.Socket],
    readonly ports: readonly [number, number],
  ) {
    sockets.forEach((s, i) =>
      s.on('message', (msg, rinfo) => this.listener?.({ data: msg, from: { address: rinfo.address, port: rinfo.port }, socket: i === 1 ? 1 : 0 })),
    );
  }

  static async open(opts: TransportOptions): Promise<CameraTransport> {
    const bind = (port: number): Promise<dgram.Socket> =>
      new Promise((resolve, reject) => {
        const s = dgram.createSocket({ type: 'udp4', reuseAddr: false });
        s.once('error', reject);
        s.bind(port, opts.address, () => {
          s.off('error', reject);
          s.on('error', (err) => opts.onError?.(`socket error: ${err.message}`));
          s.setBroadcast(true);
          resolve(s);
        });
      });
    const gvcp = await bind(opts.port);
    let stream: dgram.Socket;
    try {
      stream = await bind(0);
    } catch (e) {
      gvcp.close();
      throw e;
    }
    return new NodeTransport([gvcp, stream], [gvcp.address().port, stream.address().port]);
  }

  onDatagram(cb: (d: ReceivedDatagram) => void): void {
    this.listener = cb;
  }

  send(socket: SocketIndex, data: Buffer, port: number, address: string): void {
    this.sockets[socket].send(data, port, address);
  }

  async close(): Promise<void> {
    await Promise.all(this.sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
