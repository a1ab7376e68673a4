import { parsePerPortDataset, type DatasetCommon, type DatasetResult, type ParseOptions } from './datasetResult.js';
import type { PmcOutput } from './pmcOutput.js';
import type { PortIdentity } from './pmcValues.js';
import { PORT_STATES, type PortState } from './portState.js';

export interface PortDataSet extends DatasetCommon {
  readonly portIdentity: PortIdentity | null;
  /** null when pmc printed a state outside PORT_STATES (reported in issues with the raw text). */
  readonly portState: PortState | null;
  readonly logMinDelayReqInterval: number | null;
  readonly peerMeanPathDelay: number | null;
  readonly logAnnounceInterval: number | null;
  readonly announceReceiptTimeout: number | null;
  readonly logSyncInterval: number | null;
  /** 1 = E2E, 2 = P2P (others exist in the standard). */
  readonly delayMechanism: number | null;
  readonly logMinPdelayReqInterval: number | null;
  readonly versionNumber: number | null;
}

/** One entry per port (a boundary clock has several), sorted by port number. */
export function parsePortDataSet(input: string | PmcOutput, opts?: ParseOptions): DatasetResult<PortDataSet[]> {
  return parsePerPortDataset(
    input,
    'PORT_DATA_SET',
    (r) => ({
      portIdentity: r.portIdentity('portIdentity'),
      portState: r.oneOf('portState', PORT_STATES),
      logMinDelayReqInterval: r.int('logMinDelayReqInterval'),
      peerMeanPathDelay: r.int('peerMeanPathDelay'),
      logAnnounceInterval: r.int('logAnnounceInterval'),
      announceReceiptTimeout: r.int('announceReceiptTimeout'),
      logSyncInterval: r.int('logSyncInterval'),
      delayMechanism: r.int('delayMechanism'),
      logMinPdelayReqInterval: r.int('logMinPdelayReqInterval'),
      versionNumber: r.int('versionNumber'),
    }),
    opts,
  );
}
