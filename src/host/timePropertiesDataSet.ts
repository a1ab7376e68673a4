import { parseSingleDataset, type DatasetCommon, type DatasetResult, type ParseOptions } from './datasetResult.js';
import type { PmcOutput } from './pmcOutput.js';

/** Time properties of the current grandmaster's timescale (what a slave received in Announce). */
export interface TimePropertiesDataSet extends DatasetCommon {
  readonly currentUtcOffset: number | null;
  readonly leap61: boolean | null;
  readonly leap59: boolean | null;
  readonly currentUtcOffsetValid: boolean | null;
  readonly ptpTimescale: boolean | null;
  readonly timeTraceable: boolean | null;
  readonly frequencyTraceable: boolean | null;
  readonly timeSource: number | null;
}

export function parseTimePropertiesDataSet(input: string | PmcOutput, opts?: ParseOptions): DatasetResult<TimePropertiesDataSet> {
  return parseSingleDataset(
    input,
    'TIME_PROPERTIES_DATA_SET',
    (r) => ({
      currentUtcOffset: r.int('currentUtcOffset'),
      leap61: r.bool('leap61'),
      leap59: r.bool('leap59'),
      currentUtcOffsetValid: r.bool('currentUtcOffsetValid'),
      ptpTimescale: r.bool('ptpTimescale'),
      timeTraceable: r.bool('timeTraceable'),
      frequencyTraceable: r.bool('frequencyTraceable'),
      timeSource: r.hex('timeSource'),
    }),
    opts,
  );
}
