import { parseSingleDataset, type DatasetCommon, type DatasetResult, type ParseOptions } from './datasetResult.js';
import type { PmcOutput } from './pmcOutput.js';
import type { PortIdentity } from './pmcValues.js';

/** The current grandmaster as this clock sees it (GRANDMASTER_SETTINGS_NP is the clock's own, not this). */
export interface ParentDataSet extends DatasetCommon {
  readonly parentPortIdentity: PortIdentity | null;
  readonly parentStats: number | null;
  readonly observedParentOffsetScaledLogVariance: number | null;
  readonly observedParentClockPhaseChangeRate: number | null;
  readonly grandmasterPriority1: number | null;
  readonly grandmasterClockClass: number | null;
  readonly grandmasterClockAccuracy: number | null;
  readonly grandmasterOffsetScaledLogVariance: number | null;
  readonly grandmasterPriority2: number | null;
  readonly grandmasterIdentity: string | null;
}

export function parseParentDataSet(input: string | PmcOutput, opts?: ParseOptions): DatasetResult<ParentDataSet> {
  return parseSingleDataset(
    input,
    'PARENT_DATA_SET',
    (r) => ({
      parentPortIdentity: r.portIdentity('parentPortIdentity'),
      parentStats: r.int('parentStats'),
      observedParentOffsetScaledLogVariance: r.hex('observedParentOffsetScaledLogVariance'),
      observedParentClockPhaseChangeRate: r.hex('observedParentClockPhaseChangeRate'),
      grandmasterPriority1: r.int('grandmasterPriority1'),
      grandmasterClockClass: r.int('gm.ClockClass'),
      grandmasterClockAccuracy: r.hex('gm.ClockAccuracy'),
      grandmasterOffsetScaledLogVariance: r.hex('gm.OffsetScaledLogVariance'),
      grandmasterPriority2: r.int('grandmasterPriority2'),
      grandmasterIdentity: r.clockId('grandmasterIdentity'),
    }),
    opts,
  );
}
