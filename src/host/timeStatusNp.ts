import { parseSingleDataset, type DatasetCommon, type DatasetResult, type ParseOptions } from './datasetResult.js';
import type { PmcOutput } from './pmcOutput.js';

export interface TimeStatusNp extends DatasetCommon {
  readonly masterOffsetNs: bigint | null;
  /** ns since the epoch of the last sync ingress; 0n when none. 64-bit, so bigint. */
  readonly ingressTimeNs: bigint | null;
  readonly cumulativeScaledRateOffset: number | null;
  readonly scaledLastGmPhaseChange: number | null;
  readonly gmTimeBaseIndicator: number | null;
  /** Printed as `0x%04x'%016x.%04x` (a 96-bit scaled ns value); kept verbatim. */
  readonly lastGmPhaseChange: string | null;
  readonly gmPresent: boolean | null;
  readonly gmIdentity: string | null;
}

const PHASE_RE = /^0x[0-9a-f]{4}'[0-9a-f]{16}\.[0-9a-f]{4}$/i;

export function parseTimeStatusNp(input: string | PmcOutput, opts?: ParseOptions): DatasetResult<TimeStatusNp> {
  return parseSingleDataset(
    input,
    'TIME_STATUS_NP',
    (r) => ({
      masterOffsetNs: r.bigint('master_offset'),
      ingressTimeNs: r.bigint('ingress_time'),
      cumulativeScaledRateOffset: r.float('cumulativeScaledRateOffset'),
      scaledLastGmPhaseChange: r.int('scaledLastGmPhaseChange'),
      gmTimeBaseIndicator: r.int('gmTimeBaseIndicator'),
      lastGmPhaseChange: r.matching('lastGmPhaseChange', PHASE_RE),
      gmPresent: r.bool('gmPresent'),
      gmIdentity: r.clockId('gmIdentity'),
    }),
    opts,
  );
}

