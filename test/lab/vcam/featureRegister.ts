// One feature register of the camera, and the arrival of the command that touches it.

/** When the command carrying a register access reached the camera. */
export interface RxContext {
  /** Host CLOCK_REALTIME at which the kernel queued the packet; undefined without the stamping helper. */
  kernelNs?: bigint;
  /** The camera's clock at that instant (its clock model applied to kernelNs, or read on arrival). */
  cameraNs: bigint;
}

export interface FeatureRegister {
  length: 4 | 8;
  read?: () => bigint;
  /** Returns a GVCP status to refuse the value (e.g. INVALID_PARAMETER), nothing to accept it. */
  write?: (value: number, rx: RxContext) => number | void;
}
