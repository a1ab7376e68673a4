// Stream channel 0: the bootstrap registers Aravis writes to aim the stream (SCDA destination IP, SCP0 host
// port, SCPS packet size) and the GVSP packets sent there. Aravis negotiates the packet size by writing SCPS
// with bit 31 set and waiting for one datagram of exactly packetSize − 28 bytes on its socket
// (src/arvgvdevice.c, test_packet_check); a test packet larger than the link MTU with "do not fragment" set is
// dropped, as the network would drop it.
import { encodeFrame, encodeTestPacket, nextBlockId, type ImageInfo } from './gvspPacket.js';
import { Bootstrap, Scps } from './registerMap.js';

export type GvspSend = (packet: Buffer, port: number, address: string) => void;

export const DEFAULT_PACKET_SIZE = 1500;
export const LINK_MTU = 1500;

function ipv4String(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
}

export class StreamChannel {
  hostPort = 0;
  destination = 0;
  packetDelay = 0;
  private packetSize = DEFAULT_PACKET_SIZE;
  private flags = 0;
  private blockId = 0;
  framesSent = 0;
  testPackets = 0;

  constructor(
    private readonly send: GvspSend,
    readonly sourcePort: number,
  ) {}

  /** Register reads in the bootstrap window; undefined = not a stream channel register. */
  read(address: number): number | undefined {
    switch (address) {
      case Bootstrap.SCP0:
        return this.hostPort;
      case Bootstrap.SCPS0:
        return (this.flags | this.packetSize) >>> 0;
      case Bootstrap.SCPD0:
        return this.packetDelay;
      case Bootstrap.SCDA0:
        return this.destination;
      case Bootstrap.SCSP0:
        return this.sourcePort;
      default:
        return undefined;
    }
  }

  /** Register writes; undefined = not a stream channel register, false = read-only. */
  write(address: number, value: number): boolean | undefined {
    switch (address) {
      case Bootstrap.SCP0:
        this.hostPort = value & 0xffff;
        return true;
      case Bootstrap.SCPS0: {
        // Packet sizes are multiples of 4 in [Min, Max] of GevSCPSPacketSize; the device rounds down.
        const size = value & Scps.SIZE_MASK & ~3;
        if (size >= 64) this.packetSize = size;
        this.flags = value & (Scps.DO_NOT_FRAGMENT | Scps.BIG_ENDIAN);
        if ((value & Scps.FIRE_TEST) !== 0) this.fireTestPacket();
        return true;
      }
      case Bootstrap.SCPD0:
        this.packetDelay = value >>> 0;
        return true;
      case Bootstrap.SCDA0:
        this.destination = value >>> 0;
        return true;
      case Bootstrap.SCSP0:
        return false;
      default:
        return undefined;
    }
  }

  get isOpen(): boolean {
    return this.hostPort !== 0 && this.destination !== 0;
  }

  get currentPacketSize(): number {
    return this.packetSize;
  }

  private fireTestPacket(): void {
    if (!this.isOpen) return;
    if ((this.flags & Scps.DO_NOT_FRAGMENT) !== 0 && this.packetSize > LINK_MTU) return;
    this.testPackets++;
    this.send(encodeTestPacket(this.packetSize), this.hostPort, ipv4String(this.destination));
  }

  /** Sends one frame; returns its block id, or undefined when the channel is closed. */
  sendFrame(timestampTicks: bigint, image: ImageInfo, data: Buffer): number | undefined {
    if (!this.isOpen) return undefined;
    this.blockId = nextBlockId(this.blockId);
    const dest = ipv4String(this.destination);
    for (const p of encodeFrame(this.blockId, timestampTicks, image, data, this.packetSize)) this.send(p, this.hostPort, dest);
    this.framesSent++;
    return this.blockId;
  }

  /** Closing the channel (host port 0) restarts block ids, as a camera does when its stream is torn down. */
  close(): void {
    this.hostPort = 0;
    this.blockId = 0;
  }
}
