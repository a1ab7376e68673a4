import { parseSingleDataset, type DatasetCommon, type DatasetResult, type ParseOptions } from './datasetResult.js';
import type { PmcOutput } from './pmcOutput.js';
import { readTimeProperties, type TimeProperties } from './timePropertiesDataSet.js';

/**
 * The settings this clock would announce if it were grandmaster. It names no grandmaster and says nothing
 * about the current one when the clock is a slave (the seed script misread it as the GM's identity).
 */
export interface GrandmasterSettingsNp extends DatasetCommon, TimeProperties {
  readonly clockClass: number | null;
  readonly clockAccuracy: number | null;
  readonly offsetScaledLogVariance: number | null;
}

export function parseGrandmasterSettingsNp(input: string | PmcOutput, opts?: ParseOptions): DatasetResult<GrandmasterSettingsNp> {
  return parseSingleDataset(
    input,
    'GRANDMASTER_SETTINGS_NP',
    (r) => ({
      clockClass: r.int('clockClass'),
      clockAccuracy: r.hex('clockAccuracy'),
      offsetScaledLogVariance: r.hex('offsetScaledLogVariance'),
      ...readTimeProperties(r),
    }),
    opts,
  );
}
