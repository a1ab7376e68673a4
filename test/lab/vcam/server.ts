// The UDP side of the virtual camera: the transport (kernel-stamped via the native helper in the lab),
// retransmit detection, fault injection. The GVCP socket binds 0.0.0.0 because Aravis discovers with a
// 255.255.255.255 broadcast that a unicast-bound socket never sees, and action commands are broadcasts too.
import type { Logger } from 'pino';
import type { CameraClock } from './cameraClock.js';
import type { VirtualCameraDevice } from './device.js';
import { FaultState, type FaultOptions } from './faults.js';
import type { RxContext } from './featureRegister.js';
import { decodeCommand } from './gvcpPacket.js';
import type { CameraTransport, ReceivedDatagram } from './transport.js';

export interface ServerOptions {
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
  ack: Buffer | undefined;
}

export class GvcpServer {
  readonly stats: ServerStats = { received: 0, dropped: 0, retransmits: 0, malformed: 0 };
  private readonly faults: FaultState;
  // Aravis retries with the same id; re-executing a retried TimestampLatch would move the latched value.
  private readonly lastByPeer = new Map<string, LastExchange>();
  private readonly pendingTimers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly device: VirtualCameraDevice,
    private readonly transport: CameraTransport,
    private readonly clock: CameraClock,
    private readonly opts: ServerOptions = {},
  ) {
    this.faults = new FaultState(opts.faults);
    transport.onDatagram((d) => {
      if (d.socket === 0) this.onCommand(d);
    });
  }

  get port(): number {
    return this.transport.ports[0];
  }

  private onCommand(d: ReceivedDatagram): void {
    const handledNs = this.clock.hostRealtimeNs();
    this.stats.received++;
    const msg = d.data;
    let cmd;
    try {
      cmd = decodeCommand(msg);
    } catch (err) {
      this.stats.malformed++;
      this.opts.log?.warn({ err: (err as Error).message, from: d.from.address }, 'malformed GVCP packet');
      return;
    }
    if ((cmd.kind !== 'discovery' && this.faults.shouldDrop()) || this.faults.isHung(this.device.latchCount)) {
      this.stats.dropped++;
      return;
    }
    const rx: RxContext =
      d.kernelNs !== undefined ? { kernelNs: d.kernelNs, cameraNs: this.clock.atRealtimeNs(d.kernelNs) } : { cameraNs: this.clock.nowNs() };
    const key = `${d.from.address}:${d.from.port}`;
    let ack: Buffer | undefined;
    const last = this.lastByPeer.get(key);
    // Actions are exempt: each action packet acts (a sender need not vary its request id between actions).
    const cacheable = cmd.kind !== 'discovery' && cmd.kind !== 'action';
    if (cacheable && last && last.id === cmd.id && last.request.equals(msg)) {
      this.stats.retransmits++;
      ack = last.ack;
    } else {
      ack = this.device.handle(d.from, cmd, rx);
      if (cacheable) this.lastByPeer.set(key, { id: cmd.id, request: Buffer.from(msg), ack });
      // Ephemeral ports make the table grow with every client process; old peers are useless.
      if (this.lastByPeer.size > 256) this.lastByPeer.delete(this.lastByPeer.keys().next().value!);
    }
    this.opts.log?.trace({ from: key, kind: cmd.kind, id: cmd.id }, 'gvcp');
    if (ack) {
      const delay = this.opts.faults?.ackDelayMs ?? 0;
      if (delay > 0) {
        const t = setTimeout(() => {
          this.pendingTimers.delete(t);
          this.transport.send(0, ack, d.from.port, d.from.address);
        }, delay);
        this.pendingTimers.add(t);
      } else this.transport.send(0, ack, d.from.port, d.from.address);
    }
    // Frames an action or TriggerSoftware started leave after the ack, so the ack is not delayed by them.
    this.device.runPendingTriggers();
    if (d.kernelNs !== undefined && d.userNs !== undefined) this.device.stamps.delay(d.kernelNs, d.userNs, handledNs);
  }

  close(): Promise<void> {
    for (const t of this.pendingTimers) clearTimeout(t);
    this.pendingTimers.clear();
    return this.transport.close();
  }
}
