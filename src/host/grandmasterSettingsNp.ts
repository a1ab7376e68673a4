import { parseSingleDataset, type DatasetCommon, type DatasetResult, type ParseOptions } from './datasetResult.js';
import type { PmcOutput } from './pmcOutput.js';

/**
 * The settings this clock would announce if it were grandmaster. It names no grandmaster and says nothing
 * about the current one when the clock is a slave (the seed script misread it as the GM's identity).
 */
export interface GrandmasterSettingsNp extends DatasetCommon {
  readonly clockClass: number | null;
  readonly clockAccuracy: number | null;
  readonly offsetScaledLogVariance: number | null;
  readonly currentUtcOffset: number | null;
  readonly leap61: boolean | null;
  readonly leap59: boolean | null;
  readonly currentUtcOffsetValid: boolean | null;
  readonly ptpTimescale: boolean | null;
  readonly timeTraceable: boolean | null;
  readonly frequencyTraceable: boolean | null;
  readonly timeSource: number | null;
}

export function parseGrandmasterSettingsNp(input: string | PmcOutput, opts?: ParseOptions): DatasetResult<GrandmasterSettingsNp> {
  return parseSingleDataset(
    input,
    'GRANDMASTER_SETTINGS_NP',
    (r) => ({
      clockClass: r.int('clockClass'),
      clockAccuracy: r.hex('clockAccuracy'),
      offsetScaledLogVariance: r.hex('offsetScaledLogVariance'),
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
