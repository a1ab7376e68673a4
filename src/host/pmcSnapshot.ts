import { parseCurrentDataSet, type CurrentDataSet } from './currentDataSet.js';
import type { DatasetResult } from './datasetResult.js';
import { parseDefaultDataSet, type DefaultDataSet } from './defaultDataSet.js';
import { parseGrandmasterSettingsNp, type GrandmasterSettingsNp } from './grandmasterSettingsNp.js';
import { parseParentDataSet, type ParentDataSet } from './parentDataSet.js';
import { tokenizePmcOutput, type PmcMessage } from './pmcOutput.js';
import { parsePortDataSet, type PortDataSet } from './portDataSet.js';
import { localClockIdentity } from './replySelection.js';
import { parseTimePropertiesDataSet, type TimePropertiesDataSet } from './timePropertiesDataSet.js';
import { parseTimeStatusNp, type TimeStatusNp } from './timeStatusNp.js';

/** The GETs one PmcClient call sends, in this order (seq = index). Full names: 4.x made prefixes ambiguous. */
export const PMC_QUERY_IDS = [
  'CURRENT_DATA_SET',
  'PARENT_DATA_SET',
  'DEFAULT_DATA_SET',
  'TIME_STATUS_NP',
  'GRANDMASTER_SETTINGS_NP',
  'PORT_DATA_SET',
  'TIME_PROPERTIES_DATA_SET',
] as const;

export type PmcQueryId = (typeof PMC_QUERY_IDS)[number];

export interface PmcSnapshot {
  /** The clock whose replies were kept (the ptp4l pmc talked to). */
  readonly localClockId: string | null;
  /** At least one RESPONSE from the local clock: the only proof that ptp4l answered. */
  readonly answered: boolean;
  readonly currentDataSet: DatasetResult<CurrentDataSet>;
  readonly parentDataSet: DatasetResult<ParentDataSet>;
  readonly defaultDataSet: DatasetResult<DefaultDataSet>;
  readonly timeStatusNp: DatasetResult<TimeStatusNp>;
  readonly grandmasterSettingsNp: DatasetResult<GrandmasterSettingsNp>;
  readonly portDataSet: DatasetResult<PortDataSet[]>;
  readonly timePropertiesDataSet: DatasetResult<TimePropertiesDataSet>;
  /** pmc's own complaints (`id X is too ambiguous`, `sorry, X not supported yet`). */
  readonly messages: readonly PmcMessage[];
  /** Replies from other clocks (only with `-b >= 1`); they were ignored. */
  readonly foreignReplies: number;
  readonly unrecognizedLines: number;
  readonly truncated: boolean;
}

/** Parse the stdout of one multi-GET pmc run. Pure; never throws. */
export function parsePmcSnapshot(stdout: string): PmcSnapshot {
  const out = tokenizePmcOutput(stdout);
  const local = localClockIdentity(out);
  const opts = local === null ? {} : { localClockId: local };
  const responses = out.blocks.filter((b) => b.action === 'RESPONSE');
  return {
    localClockId: local,
    answered: local !== null && responses.some((b) => b.clockId === local),
    currentDataSet: parseCurrentDataSet(out, opts),
    parentDataSet: parseParentDataSet(out, opts),
    defaultDataSet: parseDefaultDataSet(out, opts),
    timeStatusNp: parseTimeStatusNp(out, opts),
    grandmasterSettingsNp: parseGrandmasterSettingsNp(out, opts),
    portDataSet: parsePortDataSet(out, opts),
    timePropertiesDataSet: parseTimePropertiesDataSet(out, opts),
    messages: out.messages,
    foreignReplies: responses.filter((b) => b.clockId !== local).length,
    unrecognizedLines: out.unrecognized.length,
    truncated: out.truncated,
  };
}

/** True when at least one of the seven datasets parsed. */
export function snapshotHasData(s: PmcSnapshot): boolean {
  return [
    s.currentDataSet,
    s.parentDataSet,
    s.defaultDataSet,
    s.timeStatusNp,
    s.grandmasterSettingsNp,
    s.portDataSet,
    s.timePropertiesDataSet,
  ].some((r) => r.ok);
}
