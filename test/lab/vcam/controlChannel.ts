// Control channel privilege (CCP, bootstrap 0x0A00). One controller at a time, keyed by IP and UDP port
// like Aravis' own fake camera, so two clients on one host are told apart. Control lapses after the heartbeat
// timeout without a CCP read from the controller, because a killed client never releases it.
import { Ccp } from './registerMap.js';

export interface Peer {
  address: string;
  port: number;
}

export type CcpWriteResult = 'ok' | 'denied';

export class ControlChannel {
  private controller: (Peer & { bits: number }) | undefined;
  private lastHeartbeat = 0;
  heartbeatTimeoutMs: number;

  constructor(
    heartbeatTimeoutMs = 3000,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.heartbeatTimeoutMs = heartbeatTimeoutMs;
  }

  private expire(): void {
    if (this.controller && this.nowMs() - this.lastHeartbeat > this.heartbeatTimeoutMs) this.controller = undefined;
  }

  isController(peer: Peer): boolean {
    this.expire();
    return this.controller !== undefined && this.controller.address === peer.address && this.controller.port === peer.port;
  }

  hasController(): boolean {
    this.expire();
    return this.controller !== undefined;
  }

  /** Anyone may read CCP; only the controller's reads count as heartbeats. */
  read(peer: Peer): number {
    if (this.isController(peer)) this.lastHeartbeat = this.nowMs();
    return this.controller?.bits ?? 0;
  }

  write(peer: Peer, value: number): CcpWriteResult {
    this.expire();
    const bits = value & (Ccp.CONTROL | Ccp.EXCLUSIVE);
    if (this.controller) {
      // Aravis writes CCP=0 on close even when it never got control: that must not release someone else's.
      if (!this.isController(peer)) return 'denied';
      if (bits === 0) this.controller = undefined;
      else {
        this.controller.bits = bits;
        this.lastHeartbeat = this.nowMs();
      }
      return 'ok';
    }
    if (bits !== 0) {
      this.controller = { address: peer.address, port: peer.port, bits };
      this.lastHeartbeat = this.nowMs();
    }
    return 'ok';
  }

  /** Feature writes need control when someone holds it; with no controller the device is open to all. */
  mayWrite(peer: Peer): boolean {
    return !this.hasController() || this.isController(peer);
  }
}
