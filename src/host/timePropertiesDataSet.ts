import { parseSingleDataset, type DatasetCommon, type DatasetResult, type ParseOptions } from './datasetResult.js';
import type { FieldReader } from './fieldReader.js';
import type { PmcOutput } from './pmcOutput.js';

/** The timescale fields; GRANDMASTER_SETTINGS_NP prints the same ones after its clock quality. */
export interface TimeProperties {
  readonly currentUtcOffset: number | null;
  readonly leap61: boolean | null;
  readonly leap59: boolean | null;
  readonly currentUtcOffsetValid: boolean | null;
  readonly ptpTimescale: boolean | null;
  readonly timeTraceable: boolean | null;
  readonly frequencyTraceable: boolean | null;
  readonly timeSource: number | null;
}

/** Time properties of the current grandmaster's timescale (what a slave received in Announce). */
export interface TimePropertiesDataSet extends DatasetCommon, TimeProperties {}

export function readTimeProperties(r: FieldReader): TimeProperties {
  return {
    currentUtcOffset: r.int('currentUtcOffset'),
    leap61: r.bool('leap61'),
    leap59: r.bool('leap59'),
    currentUtcOffsetValid: r.bool('currentUtcOffsetValid'),
    ptpTimescale: r.bool('ptpTimescale'),
    timeTraceable: r.bool('timeTraceable'),
    frequencyTraceable: r.bool('frequencyTraceable'),
    timeSource: r.hex('timeSource'),
  };
}

export function parseTimePropertiesDataSet(input: string | PmcOutput, opts?: ParseOptions): DatasetResult<TimePropertiesDataSet> {
  return parseSingleDataset(
    input,
    'TIME_PROPERTIES_DATA_SET',
    readTimeProperties,
    opts,
  );
}
