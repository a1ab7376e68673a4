// The camera's register space and what reading or writing each register does. Transport-free: the server
// hands it decoded commands with the sender and their arrival (RxContext), so it is unit-testable without
// sockets; GVSP packets leave through the `gvspSend` callback.
import { Acquisition, type AcquisitionOptions } from './acquisition.js';
import { ActionFlag, matchAction, type ActionCommand } from './actionCommand.js';
import { buildBootstrapImage, type DeviceIdentity } from './bootstrap.js';
import type { CameraClock } from './cameraClock.js';
import { ControlChannel, type Peer } from './controlChannel.js';
import type { FeatureRegister, RxContext } from './featureRegister.js';
import { generateGenicamXml, type Endianness, type Variant } from './genicamXml.js';
import { Command, Flag, MAX_DATA_BYTES, Status, ackCodeFor, encodeAck, type GvcpCommand } from './gvcpPacket.js';
import { IEEE1588_STATUS_VALUE, SERVO_VALUE, SFNC_STATUS_VALUE, type PtpDataSet, type PtpSource } from './ptpTypes.js';
import { Bootstrap, Feature, XML_ADDRESS, XML_WINDOW } from './registerMap.js';
import { MemoryStampLog, type StampSink, type WriteCommand } from './stampLog.js';
import { StreamChannel, type GvspSend } from './streamChannel.js';

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
  /** ACTION_CMD support: capability bit, Action* features, TriggerSource Action1/Action2 (default true). */
  actions?: boolean;
  /** How the XML describes TimestampLatch's register (default BigEndian). */
  latchEndianness?: Endianness;
  /** Fault: the device key never matches, so every action is ignored. */
  ignoreActions?: boolean;
  acquisition?: Partial<AcquisitionOptions>;
  /** Where GVSP packets go (the transport's stream socket); without it frames are counted but not sent. */
  gvspSend?: GvspSend;
  /** The stream socket's port, reported in SCSP. */
  streamSourcePort?: number;
  /** What releasing control does to stream channel 0: 'close' (default) stops acquisition and closes the channel
   *  (host port 0); 'keep' stops acquisition and leaves SCP/SCPS/SCPD/SCDA as they are, as Aravis' own
   *  arv-fake-gv-camera does (src/arvgvfakecamera.c only forgets the controller), so what the last controller
   *  left there can be read by the next one. */
  streamOnRelease?: 'close' | 'keep';
  stampLog?: StampSink;
}

type Result = { status: number; data?: Buffer };

const DEFAULT_ACQUISITION: AcquisitionOptions = {
  tickFrequencyHz: 1_000_000_000n,
  triggerLatencyNs: 0n,
  width: 8,
  height: 8,
  freeRunPeriodMs: 100,
};

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
  readonly stream: StreamChannel;
  readonly acquisition: Acquisition;
  readonly stamps: StampSink;
  readonly actions: boolean;
  // Frames the last command's actions started; sent after its ack (runPendingTriggers).
  private pendingTriggers: Array<{ source: 'Action1' | 'Action2'; cameraNs: bigint }> = [];

  constructor(private readonly opts: DeviceOptions) {
    this.control = new ControlChannel(opts.heartbeatTimeoutMs ?? 3000);
    this.actions = opts.actions ?? true;
    const acq = { ...DEFAULT_ACQUISITION, ...opts.acquisition };
    this.xml = Buffer.from(
      generateGenicamXml({ vendor: opts.identity.vendor, model: opts.identity.model, variant: opts.variant, actions: this.actions, ...(opts.latchEndianness ? { latchEndianness: opts.latchEndianness } : {}) }),
      'utf8',
    );
    this.bootstrap = buildBootstrapImage(opts.identity, XML_FILE_NAME, this.xml.length, { actions: this.actions, tickFrequencyHz: acq.tickFrequencyHz });
    this.stamps = opts.stampLog ?? new MemoryStampLog();
    this.stream = new StreamChannel(opts.gvspSend ?? (() => undefined), opts.streamSourcePort ?? 0);
    this.acquisition = new Acquisition(acq, this.stream, opts.clock, this.stamps, () => this.control.hasController());
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
      // The instant the write reached the camera (its kernel receive stamp), as a camera's hardware latches.
      write: (_v, rx) => {
        this.latchedTimestamp = this.acquisition.ticks(rx.cameraNs);
        this.latchCount++;
        this.stamps.latch(rx.kernelNs);
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
    for (const [address, reg] of this.acquisition.registers(this.actions)) r.set(address, reg);
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
      for (let reg = address & ~3; reg < end; reg += 4) {
        const v = this.stream.read(reg);
        if (v !== undefined) overlay(reg, v);
      }
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

  write(peer: Peer, address: number, value: number, rx: RxContext = { cameraNs: this.opts.clock.nowNs() }, command: WriteCommand = 'WRITEREG'): number {
    if (address === Bootstrap.CCP) {
      const res = this.control.write(peer, value);
      // A released camera ends the stream it was giving its controller.
      if (res === 'ok' && !this.control.hasController()) this.endStream(this.opts.streamOnRelease ?? 'close');
      return res === 'ok' ? Status.SUCCESS : Status.ACCESS_DENIED;
    }
    if (!this.control.mayWrite(peer)) return Status.ACCESS_DENIED;
    if (address === Bootstrap.HEARTBEAT_TIMEOUT) {
      // Spec minimum is 500 ms; smaller values would expire a healthy 1 Hz heartbeat.
      this.control.heartbeatTimeoutMs = Math.max(500, value);
      return Status.SUCCESS;
    }
    const stream = this.stream.write(address, value >>> 0);
    if (stream !== undefined) return stream ? Status.SUCCESS : Status.WRITE_PROTECT;
    if (address < Bootstrap.END || (address >= XML_ADDRESS && address < XML_ADDRESS + XML_WINDOW)) return Status.WRITE_PROTECT;
    if (address % 4 !== 0) return Status.BAD_ALIGNMENT;
    const reg = this.registers.get(address);
    if (!reg) return Status.INVALID_ADDRESS;
    const status = reg.write ? (reg.write(value >>> 0, rx) ?? Status.SUCCESS) : Status.WRITE_PROTECT;
    this.stamps.write(address, value, status, command);
    return status;
  }

  private endStream(channel: 'close' | 'keep'): void {
    this.acquisition.stop();
    if (channel === 'close') this.stream.close();
  }

  /**
   * ACTION_CMD: acts on every action signal whose keys match (acquisition.ts decides whether that starts a
   * frame) and acks only when asked to and addressed. A scheduled action (flag 0x80) is refused with
   * GEV_STATUS_NOT_IMPLEMENTED (0x8001): this camera advertises no scheduled-action support, and 0x8001 is the
   * status GigE Vision gives a command the device does not implement (Aravis 0.8.26 src/arvgvcpprivate.h
   * ARV_GVCP_ERROR_NOT_IMPLEMENTED = 0x01, reported as ARV_DEVICE_ERROR_PROTOCOL_ERROR_NOT_IMPLEMENTED). A camera
   * not addressed by the keys ignores the packet silently, scheduled or not, as the action was not for it.
   */
  private handleAction(id: number, flags: number, action: ActionCommand, rx: RxContext): Buffer | undefined {
    const ack = (status: number): Buffer | undefined =>
      (flags & ActionFlag.ACK_REQUIRED) !== 0 ? encodeAck(status, ackCodeFor(Command.ACTION), id) : undefined;
    if (!this.actions) {
      this.stamps.action(rx.kernelNs, id, 'unsupported');
      return ack(Status.NOT_IMPLEMENTED);
    }
    const hits = this.opts.ignoreActions ? [] : matchAction(this.acquisition.keys, action);
    if (hits.length === 0) {
      this.stamps.action(rx.kernelNs, id, 'ignored');
      return undefined;
    }
    if ((flags & ActionFlag.SCHEDULED) !== 0) {
      this.stamps.action(rx.kernelNs, id, 'refused');
      return ack(Status.NOT_IMPLEMENTED);
    }
    this.stamps.action(rx.kernelNs, id, 'fired');
    this.pendingTriggers.push(...hits.map((n) => ({ source: n === 1 ? ('Action1' as const) : ('Action2' as const), cameraNs: rx.cameraNs })));
    return ack(Status.SUCCESS);
  }

  /** Frames started by the last command; the server sends them after the ack so the ack is not delayed. */
  runPendingTriggers(): void {
    const triggers = this.pendingTriggers;
    this.pendingTriggers = [];
    for (const t of triggers) this.acquisition.trigger(t.source, t.cameraNs);
  }

  /** Executes one command and returns the ack to send (undefined: send none). GigE Vision acks a command only
   *  when its flag 0x01 asks for it (Aravis always does; the lab's send-cost probe does not). */
  handle(peer: Peer, cmd: GvcpCommand, rx: RxContext = { cameraNs: this.opts.clock.nowNs() }): Buffer | undefined {
    const ack = this.execute(peer, cmd, rx);
    return cmd.kind === 'discovery' || cmd.kind === 'action' || (cmd.flags & Flag.ACK_REQUIRED) !== 0 ? ack : undefined;
  }

  private execute(peer: Peer, cmd: GvcpCommand, rx: RxContext): Buffer | undefined {
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
          status = this.write(peer, w.address, w.value, rx);
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
          status = this.write(peer, cmd.address + o, cmd.data.readUInt32BE(o), rx, 'WRITEMEM');
          if (status !== Status.SUCCESS) break;
          index += 4;
        }
        return encodeAck(status, ackCodeFor(Command.WRITEMEM), cmd.id, indexPayload(index));
      }
      case 'action':
        return this.handleAction(cmd.id, cmd.flags, cmd.action, rx);
      case 'unknown':
        return encodeAck(Status.NOT_IMPLEMENTED, ackCodeFor(cmd.code), cmd.id);
    }
  }

  close(): void {
    this.acquisition.close();
    this.opts.ptp.close();
    this.stamps.close();
  }
}

function indexPayload(index: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16BE(index & 0xffff, 2);
  return b;
}
