import { parseSingleDataset, type DatasetCommon, type DatasetResult, type ParseOptions } from './datasetResult.js';
import type { PmcOutput } from './pmcOutput.js';

export interface DefaultDataSet extends DatasetCommon {
  readonly twoStepFlag: boolean | null;
  readonly slaveOnly: boolean | null;
  readonly numberPorts: number | null;
  readonly priority1: number | null;
  readonly clockClass: number | null;
  readonly clockAccuracy: number | null;
  readonly offsetScaledLogVariance: number | null;
  readonly priority2: number | null;
  readonly clockIdentity: string | null;
  readonly domainNumber: number | null;
}

export function parseDefaultDataSet(input: string | PmcOutput, opts?: ParseOptions): DatasetResult<DefaultDataSet> {
  return parseSingleDataset(
    input,
    'DEFAULT_DATA_SET',
    (r) => ({
      twoStepFlag: r.bool('twoStepFlag'),
      // 4.x prints the raw byte; any non-zero value means slave-only.
      slaveOnly: ((v) => (v === null ? null : v !== 0))(r.int('slaveOnly')),
      numberPorts: r.int('numberPorts'),
      priority1: r.int('priority1'),
      clockClass: r.int('clockClass'),
      clockAccuracy: r.hex('clockAccuracy'),
      offsetScaledLogVariance: r.hex('offsetScaledLogVariance'),
      priority2: r.int('priority2'),
      clockIdentity: r.clockId('clockIdentity'),
      domainNumber: r.int('domainNumber'),
    }),
    opts,
  );
}
