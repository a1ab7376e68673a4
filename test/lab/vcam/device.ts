// The camera's register space and what reading or writing each register does. Transport-free: the server
// hands it decoded commands with the sender, so it is unit-testable without sockets.
import { buildBootstrapImage, type DeviceIdentity } from './bootstrap.js';
import type { CameraClock } from './cameraClock.js';
import { ControlChannel, type Peer } from './controlChannel.js';
import { generateGenicamXml, type Variant } from './genicamXml.js';
import { Command, MAX_DATA_BYTES, Status, ackCodeFor, encodeAck, type GvcpCommand } from './gvcpPacket.js';
import { IEEE1588_STATUS_VALUE, SERVO_VALUE, SFNC_STATUS_VALUE, type PtpDataSet, type PtpSource } from './ptpTypes.js';
import { Bootstrap, Feature, XML_ADDRESS, XML_WINDOW } from './registerMap.js';

export interface DeviceOptions {
  identity: DeviceIdentity;
  variant: Variant;
  clock: CameraClock;
  ptp: PtpSource;
  /** When true, PtpStatus/Servo/Offset/GM read the snapshot taken by the last PtpDataSetLatch, as on cameras
   *  that latch their whole data set; when false they read live. The legacy StatusLatched is always latched. */
  latchRequired?: boolean;
  heartbeatTimeoutMs?: number;
  ptpEnabledAtStart?: boolean;
}

type Result = { status: number; data?: Buffer };

interface FeatureRegister {
  length: 4 | 8;
  read?: () => bigint;
  write?: (value: number) => void;
}

export const XML_FILE_NAME = 'vcam.xml';

export class VirtualCameraDevice {
  readonly control: ControlChannel;
  readonly xml: Buffer;
  private readonly bootstrap: Buffer;
  private readonly registers = new Map<number, FeatureRegister>();
  private ptpEnabled: boolean;
  private latchedTimestamp = 0n;
  private latchedDataSet: PtpDataSet;
  latchCount = 0;

  constructor(private readonly opts: DeviceOptions) {
    this.control = new ControlChannel(opts.heartbeatTimeoutMs ?? 3000);
    this.xml = Buffer.from(generateGenicamXml({ vendor: opts.identity.vendor, model: opts.identity.model, variant: opts.variant }), 'utf8');
    this.bootstrap = buildBootstrapImage(opts.identity, XML_FILE_NAME, this.xml.length);
    this.ptpEnabled = opts.ptpEnabledAtStart ?? false;
    opts.ptp.setEnabled(this.ptpEnabled);
    this.latchedDataSet = opts.ptp.current(false);
    this.defineRegisters();
  }

  private statusValue(ds: PtpDataSet): bigint {
    const table = this.opts.variant === 'legacy' ? IEEE1588_STATUS_VALUE : SFNC_STATUS_VALUE;
    return BigInt(table[ds.state]);
  }

  private dataSet(): PtpDataSet {
    return this.opts.latchRequired ? this.latchedDataSet : this.opts.ptp.current(this.ptpEnabled);
  }

  private defineRegisters(): void {
    const r = this.registers;
    r.set(Feature.TIMESTAMP_LATCH, {
      length: 4,
      write: () => {
        this.latchedTimestamp = this.opts.clock.nowNs();
        this.latchCount++;
      },
    });
    r.set(Feature.TIMESTAMP_LATCH_VALUE, { length: 8, read: () => this.latchedTimestamp });
    r.set(Feature.PTP_ENABLE, {
      length: 4,
      read: () => (this.ptpEnabled ? 1n : 0n),
      write: (v) => {
        this.ptpEnabled = v !== 0;
        this.opts.ptp.setEnabled(this.ptpEnabled);
      },
    });
    r.set(Feature.PTP_STATUS, {
      length: 4,
      // The legacy GevIEEE1588Status is live; only SFNC cameras may require a latch first.
      read: () => this.statusValue(this.opts.variant === 'legacy' ? this.opts.ptp.current(this.ptpEnabled) : this.dataSet()),
    });
    r.set(Feature.PTP_SERVO_STATUS, { length: 4, read: () => BigInt(SERVO_VALUE[this.dataSet().servo]) });
    r.set(Feature.PTP_DATASET_LATCH, {
      length: 4,
      write: () => {
        this.latchedDataSet = this.opts.ptp.current(this.ptpEnabled);
      },
    });
    r.set(Feature.PTP_OFFSET_FROM_MASTER, { length: 8, read: () => BigInt.asUintN(64, this.dataSet().offsetFromMasterNs) });
    r.set(Feature.PTP_GRANDMASTER_CLOCK_ID, { length: 8, read: () => this.dataSet().grandmasterClockId });
    r.set(Feature.PTP_CLOCK_ID, { length: 8, read: () => this.dataSet().clockId });
    r.set(Feature.PTP_STATUS_LATCHED, { length: 4, read: () => this.statusValue(this.latchedDataSet) });
  }

  get isPtpEnabled(): boolean {
    return this.ptpEnabled;
  }

  read(peer: Peer, address: number, count: number): Result {
    if (count === 0 || count > MAX_DATA_BYTES) return { status: Status.INVALID_PARAMETER };
    const end = address + count;
    if (end <= Bootstrap.END) {
      const data = Buffer.from(this.bootstrap.subarray(address, end));
      const overlay = (reg: number, value: number): void => {
        if (reg >= address && reg + 4 <= end) data.writeUInt32BE(value >>> 0, reg - address);
      };
      overlay(Bootstrap.HEARTBEAT_TIMEOUT, this.control.heartbeatTimeoutMs);
      if (Bootstrap.CCP >= address && Bootstrap.CCP + 4 <= end) overlay(Bootstrap.CCP, this.control.read(peer));
      return { status: Status.SUCCESS, data };
    }
    if (address >= XML_ADDRESS && end <= XML_ADDRESS + XML_WINDOW) {
      // Aravis rounds the last chunk up to a multiple of 4: pad past the XML with zeros.
      const data = Buffer.alloc(count);
      this.xml.copy(data, 0, address - XML_ADDRESS, Math.min(this.xml.length, end - XML_ADDRESS));
      return { status: Status.SUCCESS, data };
    }
    return this.readFeatures(address, count);
  }

  private readFeatures(address: number, count: number): Result {
    if (address % 4 !== 0 || count % 4 !== 0) return { status: Status.BAD_ALIGNMENT };
    const data = Buffer.alloc(count);
    let offset = 0;
    while (offset < count) {
      const addr = address + offset;
      const reg = this.registers.get(addr);
      if (!reg) return { status: Status.INVALID_ADDRESS };
      if (reg.length > count - offset) return { status: Status.INVALID_ADDRESS };
      // Write-only registers (commands) read back as 0, as most cameras do.
      const value = reg.read ? reg.read() : 0n;
      if (reg.length === 8) data.writeBigUInt64BE(BigInt.asUintN(64, value), offset);
      else data.writeUInt32BE(Number(BigInt.asUintN(32, value)), offset);
      offset += reg.length;
    }
    return { status: Status.SUCCESS, data };
  }

  write(peer: Peer, address: number, value: number): number {
    if (address === Bootstrap.CCP) return this.control.write(peer, value) === 'ok' ? Status.SUCCESS : Status.ACCESS_DENIED;
    if (!this.control.mayWrite(peer)) return Status.ACCESS_DENIED;
    if (address === Bootstrap.HEARTBEAT_TIMEOUT) {
      // Spec minimum is 500 ms; smaller values would expire a healthy 1 Hz heartbeat.
      this.control.heartbeatTimeoutMs = Math.max(500, value);
      return Status.SUCCESS;
    }
    if (address < Bootstrap.END || (address >= XML_ADDRESS && address < XML_ADDRESS + XML_WINDOW)) return Status.WRITE_PROTECT;
    if (address % 4 !== 0) return Status.BAD_ALIGNMENT;
    const reg = this.registers.get(address);
    if (!reg) return Status.INVALID_ADDRESS;
    if (!reg.write) return Status.WRITE_PROTECT;
    reg.write(value >>> 0);
    return Status.SUCCESS;
  }

  /** Executes one command and returns the ack to send. */
  handle(peer: Peer, cmd: GvcpCommand): Buffer {
    switch (cmd.kind) {
      case 'discovery':
        return encodeAck(Status.SUCCESS, ackCodeFor(Command.DISCOVERY), cmd.id, this.bootstrap.subarray(0, Bootstrap.DISCOVERY_BYTES));
      case 'readreg': {
        const out = Buffer.alloc(cmd.addresses.length * 4);
        for (const [i, address] of cmd.addresses.entries()) {
          const res = this.read(peer, address, 4);
          if (res.status !== Status.SUCCESS || !res.data) return encodeAck(res.status, ackCodeFor(Command.READREG), cmd.id, out.subarray(0, i * 4));
          res.data.copy(out, i * 4);
        }
        return encodeAck(Status.SUCCESS, ackCodeFor(Command.READREG), cmd.id, out);
      }
      case 'writereg': {
        let index = 0;
        let status: number = Status.SUCCESS;
        for (const w of cmd.writes) {
          status = this.write(peer, w.address, w.value);
          if (status !== Status.SUCCESS) break;
          index++;
        }
        return encodeAck(status, ackCodeFor(Command.WRITEREG), cmd.id, indexPayload(index));
      }
      case 'readmem': {
        const res = this.read(peer, cmd.address, cmd.count);
        const payload = Buffer.alloc(4);
        payload.writeUInt32BE(cmd.address >>> 0, 0);
        return encodeAck(res.status, ackCodeFor(Command.READMEM), cmd.id, res.data ? Buffer.concat([payload, res.data]) : payload);
      }
      case 'writemem': {
        // Aravis pads WRITEMEM data to a multiple of 4 with uninitialised bytes; registers are whole words.
        if (cmd.data.length === 0 || cmd.data.length % 4 !== 0) return encodeAck(Status.BAD_ALIGNMENT, ackCodeFor(Command.WRITEMEM), cmd.id, indexPayload(0));
        let status: number = Status.SUCCESS;
        let index = 0;
        for (let o = 0; o < cmd.data.length; o += 4) {
          status = this.write(peer, cmd.address + o, cmd.data.readUInt32BE(o));
          if (status !== Status.SUCCESS) break;
          index += 4;
        }
        return encodeAck(status, ackCodeFor(Command.WRITEMEM), cmd.id, indexPayload(index));
      }
      case 'unknown':
        return encodeAck(Status.NOT_IMPLEMENTED, ackCodeFor(cmd.code), cmd.id);
    }
  }

  close(): void {
    this.opts.ptp.close();
  }
}

function indexPayload(index: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16BE(index & 0xffff, 2);
  return b;
}
