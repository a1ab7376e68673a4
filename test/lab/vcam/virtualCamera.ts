// Assembles one virtual camera from its configuration.
import type { Logger } from 'pino';
import { parseMac } from './bootstrap.js';
import { CameraClock } from './cameraClock.js';
import type { VcamConfig } from './config.js';
import { VirtualCameraDevice } from './device.js';
import { Ptp4lFollower } from './ptp4lFollower.js';
import { ScriptedPtp } from './ptpScript.js';
import { clockIdFromMac, type PtpSource } from './ptpTypes.js';
import { GvcpServer } from './server.js';
import { FileStampLog, MemoryStampLog } from './stampLog.js';
import { openTransport, type CameraTransport } from './transport.js';

export interface VirtualCamera {
  device: VirtualCameraDevice;
  server: GvcpServer;
  clock: CameraClock;
  address: string;
  port: number;
  /** Whether packet instants come from the kernel's receive stamps (the native helper). */
  kernelStamps: boolean;
  close(): Promise<void>;
}

export async function startVirtualCamera(config: VcamConfig, log?: Logger): Promise<VirtualCamera> {
  const clockId = clockIdFromMac(parseMac(config.mac));
  const transport: CameraTransport = await openTransport({
    address: config.bindAddress,
    port: config.port,
    kernelStamps: config.kernelStamps,
    onError: (m) => log?.error(m),
  });
  const ptp: PtpSource =
    config.ptp.mode === 'script'
      ? new ScriptedPtp(config.ptp.steps, clockId)
      : new Ptp4lFollower(
          {
            udsPath: config.ptp.uds,
            pollMs: config.ptp.pollMs ?? 1000,
            clearSyncUncertain: config.ptp.clearSyncUncertain ?? true,
            onError: (m) => log?.warn(m),
          },
          clockId,
        );
  const clock = new CameraClock({ offsetNs: config.offsetNs, driftPpb: config.driftPpb });
  const device = new VirtualCameraDevice({
    identity: {
      vendor: config.vendor,
      model: config.model,
      serial: config.serial,
      deviceVersion: '1.0',
      manufacturerInfo: 'ptpcam virtual GigE Vision camera',
      userName: config.userName,
      mac: config.mac,
      ip: config.ip,
      netmask: config.netmask,
    },
    variant: config.variant,
    clock,
    ptp,
    latchRequired: config.latchRequired,
    heartbeatTimeoutMs: config.heartbeatTimeoutMs,
    ptpEnabledAtStart: config.ptpEnabledAtStart,
    actions: config.actions,
    latchEndianness: config.latchEndianness,
    ignoreActions: config.faults.ignoreActions ?? false,
    acquisition: {
      tickFrequencyHz: config.tickFrequencyHz,
      triggerLatencyNs: config.triggerLatencyNs,
      width: config.width,
      height: config.height,
      ...(config.faults.stopStreamingAfterFrames !== undefined ? { stopStreamingAfterFrames: config.faults.stopStreamingAfterFrames } : {}),
    },
    gvspSend: (packet, port, address) => transport.send(1, packet, port, address),
    streamSourcePort: transport.ports[1],
    streamOnRelease: config.streamOnRelease,
    stampLog: config.stampLog !== undefined ? new FileStampLog(config.stampLog) : new MemoryStampLog(),
  });
  const server = new GvcpServer(device, transport, clock, { faults: config.faults, ...(log ? { log } : {}) });
  return {
    device,
    server,
    clock,
    address: config.bindAddress,
    port: transport.ports[0],
    kernelStamps: transport.kernelStamps,
    async close() {
      device.close();
      await server.close();
    },
  };
}
