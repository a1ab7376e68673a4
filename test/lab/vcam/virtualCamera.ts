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

export interface VirtualCamera {
  device: VirtualCameraDevice;
  server: GvcpServer;
  clock: CameraClock;
  address: string;
  port: number;
  close(): Promise<void>;
}

export async function startVirtualCamera(config: VcamConfig, log?: Logger): Promise<VirtualCamera> {
  const clockId = clockIdFromMac(parseMac(config.mac));
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
  });
  const server = new GvcpServer(device, { address: config.bindAddress, port: config.port, faults: config.faults, ...(log ? { log } : {}) });
  let bound;
  try {
    bound = await server.listen();
  } catch (err) {
    device.close();
    throw err;
  }
  return {
    device,
    server,
    clock,
    address: bound.address,
    port: bound.port,
    async close() {
      device.close();
      await server.close();
    },
  };
}
