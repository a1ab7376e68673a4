import type { FieldIssue } from './fieldReader.js';
import { FieldReader } from './fieldReader.js';
import type { PmcOutput, PmcReplyBlock } from './pmcOutput.js';
import { selectReplies, toOutput, type SelectOptions } from './replySelection.js';

export type { FieldIssue } from './fieldReader.js';

/** Where a dataset's values came from. */
export interface ReplySource {
  readonly clockId: string;
  readonly port: number;
  readonly seq: number;
}

/**
 * - `no-reply`: the output is well-formed pmc output holding no answer for this ID (ptp4l absent, stale,
 *   wrong domain or transportSpecific, hung: pmc prints only `sending:` lines in all of these).
 * - `error-status`: ptp4l answered with MANAGEMENT_ERROR_STATUS (or an empty/unknown TLV).
 * - `unparsable`: the text is not pmc output, or the reply has none of the dataset's fields.
 */
export type DatasetFailureReason = 'no-reply' | 'error-status' | 'unparsable';

export type DatasetResult<T> =
  | {
      readonly ok: true;
      readonly value: T;
      /** Known fields that were missing or unparsable; their values are null. */
      readonly issues: readonly FieldIssue[];
    }
  | {
      readonly ok: false;
      readonly reason: DatasetFailureReason;
      readonly issues: readonly FieldIssue[];
      readonly detail: string;
    };

export interface DatasetCommon {
  readonly source: ReplySource;
  /** Fields this parser does not know (newer linuxptp), name → printed text. */
  readonly extra: Readonly<Record<string, string>>;
}

export type ParseOptions = SelectOptions;

function looksUnparsable(out: PmcOutput): boolean {
  const recognised = out.blocks.length + out.sent.length + out.messages.length;
  return out.unrecognized.length > 0 || (out.truncated && recognised === 0);
}

function noBlock(out: PmcOutput, id: string, error: PmcReplyBlock | null): DatasetResult<never> {
  if (error !== null) {
    return {
      ok: false,
      reason: 'error-status',
      issues: [],
      detail: `${id}: ptp4l answered ${error.kind} (seq ${error.seq}, ${error.clockId}-${error.port})`,
    };
  }
  if (looksUnparsable(out)) {
    const sample = out.unrecognized[0]?.text ?? '';
    return { ok: false, reason: 'unparsable', issues: [], detail: `${id}: not pmc output: ${JSON.stringify(sample.slice(0, 80))}` };
  }
  return { ok: false, reason: 'no-reply', issues: [], detail: `${id}: no reply from the local clock` };
}

function buildOne<T>(id: string, block: PmcReplyBlock, build: (r: FieldReader) => T): DatasetResult<T & DatasetCommon> {
  const reader = new FieldReader(block);
  const fields = build(reader);
  if (reader.parsed === 0) {
    return { ok: false, reason: 'unparsable', issues: reader.issues, detail: `${id}: reply holds none of its fields` };
  }
  const source: ReplySource = { clockId: block.clockId, port: block.port, seq: block.seq };
  return { ok: true, value: { ...fields, source, extra: reader.extra }, issues: reader.issues };
}

/** A clock-level dataset: one local reply expected. */
export function parseSingleDataset<T>(
  input: string | PmcOutput,
  id: string,
  build: (r: FieldReader) => T,
  opts: ParseOptions = {},
): DatasetResult<T & DatasetCommon> {
  try {
    const out = toOutput(input);
    const sel = selectReplies(out, id, opts);
    const block = sel.blocks[0];
    if (block === undefined) return noBlock(out, id, sel.error);
    return buildOne(id, block, build);
  } catch (e) {
    // Unreachable by design; kept so that "parsers never throw" holds even against a bug here.
    return { ok: false, reason: 'unparsable', issues: [], detail: `${id}: ${String(e)}` };
  }
}

/** A port-level dataset: one local reply per port, all with the same seq. */
export function parsePerPortDataset<T>(
  input: string | PmcOutput,
  id: string,
  build: (r: FieldReader) => T,
  opts: ParseOptions = {},
): DatasetResult<(T & DatasetCommon)[]> {
  try {
    const out = toOutput(input);
    const sel = selectReplies(out, id, opts);
    if (sel.blocks.length === 0) return noBlock(out, id, sel.error);
    const values: (T & DatasetCommon)[] = [];
    const issues: FieldIssue[] = [];
    for (const block of [...sel.blocks].sort((a, b) => a.port - b.port)) {
      const one = buildOne(id, block, build);
      if (one.ok) values.push(one.value);
      issues.push(...one.issues.map((i) => ({ ...i, field: `port ${block.port}: ${i.field}` })));
    }
    if (values.length === 0) return { ok: false, reason: 'unparsable', issues, detail: `${id}: no reply holds its fields` };
    return { ok: true, value: values, issues };
  } catch (e) {
    return { ok: false, reason: 'unparsable', issues: [], detail: `${id}: ${String(e)}` };
  }
}
