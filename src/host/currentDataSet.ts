import { parseSingleDataset, type DatasetCommon, type DatasetResult, type ParseOptions } from './datasetResult.js';
import type { PmcOutput } from './pmcOutput.js';

export interface CurrentDataSet extends DatasetCommon {
  readonly stepsRemoved: number | null;
  /** ns; pmc prints the scaled TimeInterval as `%.1f`, so fractions survive. */
  readonly offsetFromMasterNs: number | null;
  readonly meanPathDelayNs: number | null;
}

export function parseCurrentDataSet(input: string | PmcOutput, opts?: ParseOptions): DatasetResult<CurrentDataSet> {
  return parseSingleDataset(
    input,
    'CURRENT_DATA_SET',
    (r) => ({
      stepsRemoved: r.int('stepsRemoved'),
      offsetFromMasterNs: r.float('offsetFromMaster'),
      meanPathDelayNs: r.float('meanPathDelay'),
    }),
    opts,
  );
}
