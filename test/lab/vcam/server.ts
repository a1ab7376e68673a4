// The UDP side of the virtual camera: socket, retransmit detection, fault injection. Binds 0.0.0.0 because
// Aravis discovers with a 255.255.255.255 broadcast that a unicast-bound socket never sees.
import dgram from 'node:dgram';
import type { Logger } from 'pino';
import type { VirtualCameraDevice } from './device.js';
import { FaultState, type FaultOptions } from './faults.js';
import { GVCP_PORT, decodeCommand } from './gvcpPacket.js';

export interface ServerOptions {
  address?: string;
  port?: number;
  faults?: FaultOptions;
  log?: Logger;
}

export interface ServerStats {
  received: number;
  dropped: number;
  retransmits: number;
  malformed: number;
}

interface LastExchange {
  id: number;
  request: Buffer;
  ack: Buffer;
}

export class GvcpServer {
  readonly stats: ServerStats = { received: 0, dropped: 0, retransmits: 0, malformed: 0 };
  private readonly socket = dgram.createSocket({ type: 'udp4', reuseAddr: false });
  private readonly faults: FaultState;
  // Aravis retries with the same id; re-executing a retried TimestampLatch would move the latched value.
  private readonly lastByPeer = new Map<string, LastExchange>();
  private readonly pendingTimers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly device: VirtualCameraDevice,
    private readonly opts: ServerOptions = {},
  ) {
    this.faults = new FaultState(opts.faults);
    this.socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
  }

  listen(): Promise<{ address: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.socket.once('error', reject);
      this.socket.bind(this.opts.port ?? GVCP_PORT, this.opts.address ?? '0.0.0.0', () => {
        this.socket.off('error', reject);
        this.socket.on('error', (err) => this.opts.log?.error({ err }, 'socket error'));
        const a = this.socket.address();
        resolve({ address: a.address, port: a.port });
      });
    });
  }

  private onMessage(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    this.stats.received++;
    let cmd;
    try {
      cmd = decodeCommand(msg);
    } catch (err) {
      this.stats.malformed++;
      this.opts.log?.warn({ err: (err as Error).message, from: rinfo.address }, 'malformed GVCP packet');
      return;
    }
    if ((cmd.kind !== 'discovery' && this.faults.shouldDrop()) || this.faults.isHung(this.device.latchCount)) {
      this.stats.dropped++;
      return;
    }
    const peer = { address: rinfo.address, port: rinfo.port };
    const key = `${rinfo.address}:${rinfo.port}`;
    let ack: Buffer;
    const last = this.lastByPeer.get(key);
    if (cmd.kind !== 'discovery' && last && last.id === cmd.id && last.request.equals(msg)) {
      this.stats.retransmits++;
      ack = last.ack;
    } else {
      ack = this.device.handle(peer, cmd);
      if (cmd.kind !== 'discovery') this.lastByPeer.set(key, { id: cmd.id, request: Buffer.from(msg), ack });
      // Ephemeral ports make the table grow with every client process; old peers are useless.
      if (this.lastByPeer.size > 256) this.lastByPeer.delete(this.lastByPeer.keys().next().value!);
    }
    this.opts.log?.trace({ from: key, kind: cmd.kind, id: cmd.id }, 'gvcp');
    const delay = this.opts.faults?.ackDelayMs ?? 0;
    if (delay > 0) {
      const t = setTimeout(() => {
        this.pendingTimers.delete(t);
        this.send(ack, rinfo);
      }, delay);
      this.pendingTimers.add(t);
    } else this.send(ack, rinfo);
  }

  private send(ack: Buffer, rinfo: dgram.RemoteInfo): void {
    this.socket.send(ack, rinfo.port, rinfo.address, (err) => {
      if (err) this.opts.log?.warn({ err: err.message }, 'send failed');
    });
  }

  close(): Promise<void> {
    for (const t of this.pendingTimers) clearTimeout(t);
    this.pendingTimers.clear();
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
