/** The action-command method's types: what arming returns and what a run adds to the latch method's samples. */
import type { ActionFeatureOp, ActionFeatureResult } from '../binding.js';
import type { CameraLatch } from '../latch/types.js';

/** The three keys of a GVCP ACTION_CMD (32-bit unsigned each). */
export interface ActionKeys {
  deviceKey: number;
  groupKey: number;
  groupMask: number;
}

/** How arming reaches a camera's features; the addon's by default, a fake in unit tests. */
export type ActionFeatureCaller = (handle: number, ops: ActionFeatureOp[]) => Promise<ActionFeatureResult[]>;

export interface ActionCameraSetup {
  serial: string;
  handle: number;
  /** GevTimestampTickFrequency: frame timestamps are converted from these ticks, exactly. */
  tickHz: bigint;
  /** Every feature arming changed, in the order it changed them ("TriggerSource[FrameStart]", …). */
  changed: string[];
  /** Features written whose earlier value could not be read, so restore() cannot put them back. */
  unrestorable: string[];
}

export interface ActionSetup {
  keys: ActionKeys;
  cameras: ActionCameraSetup[];
  /**
   * Puts back every setting arming changed (all cameras, in reverse order of the changes). Idempotent: later
   * calls return the first call's promise. Rejects with ERR_ACTION_RESTORE naming what could not be restored,
   * after trying everything else (a camera that stopped answering is given up on at its first timeout). Call it
   * once the run's `finished` has settled: a camera still streaming keeps its ROI and acquisition mode locked.
   */
  restore(): Promise<void>;
}

/** Where a sample's send instant came from. */
export type SendStampSource = 'kernel' | 'clock' | 'simulated';

/**
 * One camera's part of one action sample. `value` is the camera's frame timestamp in ns (ticks converted
 * exactly); `fireNs` = `ackNs` = the host send instant of the action to this camera (so the host window is 0:
 * the per-sample bound is the declared `--action-skew-ns`, not a host measurement); `doneNs` = frame arrival.
 */
export interface ActionCameraLatch extends CameraLatch {
  sendSource: SendStampSource;
  /** GVSP block id of the frame (null when missed). */
  blockId: bigint | null;
  /** Whether the camera answered with ACTION_ACK; null when acks were not asked for. */
  acked: boolean | null;
}
