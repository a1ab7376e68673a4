/**
 * Defaults of the action-command method, each with where it comes from.
 */
import type { ActionKeys } from './types.js';

/**
 * The keys ptpcam sends and arms. The device key spells "PTPC"; group key 1 and mask 1 select ActionSelector 1
 * (Action1), the first action SFNC cameras offer. ActionDeviceKey is write-only (SFNC), so the key a camera had
 * before cannot be read and is not put back: a lab that already uses action commands passes its own device key
 * (`deviceKey` option / `--action-device-key`) and the camera then ends the run holding the key it had.
 */
export const DEFAULT_ACTION_KEYS: Readonly<ActionKeys> = { deviceKey: 0x50545043, groupKey: 1, groupMask: 1 };

/**
 * `--action-skew-ns`: the declared half-width of each sample's per-camera interval, i.e. how far apart two
 * cameras can act on one broadcast for reasons other than their clocks. 2000 ns = a switch's broadcast fan-out
 * (about 1 µs between ports, issue #13) plus 1 µs for the jitter of a camera's trigger latency (the latency
 * itself is constant per model and cancels between cameras of one model). It is declared, not measured: a rig
 * of mixed models, a chain of switches, or the virtual lab's Linux bridge (which hands a broadcast to its ports one
 * after another: 4 cameras within 5–13 µs p50, 13–38 µs p99 on a shared 2-core VM, depending on load) needs more.
 */
export const DEFAULT_ACTION_SKEW_NS = 2000n;

/** The smallest frame is the cheapest to stream; Mono8 is the format SFNC cameras almost all offer. */
export const SMALLEST_PIXEL_FORMATS: readonly string[] = ['Mono8', 'BayerRG8', 'BayerGB8', 'BayerGR8', 'BayerBG8'];
