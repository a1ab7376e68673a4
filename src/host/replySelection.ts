import { tokenizePmcOutput, type PmcOutput, type PmcReplyBlock } from './pmcOutput.js';
import { parseClockId } from './pmcValues.js';

export interface SelectOptions {
  /** The clock whose replies count. Default: worked out from the output (see localClockIdentity). */
  readonly localClockId?: string;
}

export interface ReplySelection {
  /** Local MANAGEMENT blocks for the ID from the most recent command that asked for it (one per port). */
  readonly blocks: readonly PmcReplyBlock[];
  /** A local MANAGEMENT_ERROR_STATUS (or empty/unknown TLV) answer to a command for this ID. */
  readonly error: PmcReplyBlock | null;
  /** Blocks for this ID from other clocks (forwarded with `-b >= 1`); never used for values. */
  readonly foreign: number;
}

export function toOutput(input: string | PmcOutput): PmcOutput {
  return typeof input === 'string' ? tokenizePmcOutput(input) : input;
}

/**
 * The identity of the ptp4l that pmc talked to. With `-b 0` every block is local; with `-b 1` other clocks'
 * replies are mixed in, so take, in order: DEFAULT_DATA_SET.clockIdentity from port 0 (over UDS the local
 * clock answers clock-level IDs from port 0; forwarded replies carry the remote port, >= 1), the clockId of
 * any port-0 reply, and last the first reply's clockId (local replies are printed before forwarded ones
 * because they do not cross the network).
 */
export function localClockIdentity(input: string | PmcOutput): string | null {
  const out = toOutput(input);
  const responses = out.blocks.filter((b) => b.action === 'RESPONSE');
  for (const b of responses) {
    if (b.managementId !== 'DEFAULT_DATA_SET' || b.port !== 0) continue;
    const field = b.fields.find((f) => f.name === 'clockIdentity');
    const id = field === undefined ? null : parseClockId(field.value);
    if (id !== null && id === b.clockId) return id;
  }
  const port0 = responses.find((b) => b.port === 0);
  if (port0 !== undefined) return port0.clockId;
  return responses[0]?.clockId ?? null;
}

/** The management ID pmc sent with this seq, or undefined when the output holds no `sending:` line for it. */
function sentId(out: PmcOutput, seq: number): string | undefined {
  return out.sent[seq]?.managementId;
}

/**
 * Correlate on (seq, ID): a reply counts for ID when its header names ID and, if pmc printed its
 * `sending:` lines, the command sent with that seq was a request for ID.
 */
export function selectReplies(input: string | PmcOutput, managementId: string, opts: SelectOptions = {}): ReplySelection {
  const out = toOutput(input);
  const local = opts.localClockId?.toLowerCase() ?? localClockIdentity(out);
  const haveSent = out.sent.length > 0;
  const matches = (b: PmcReplyBlock): boolean => (haveSent ? sentId(out, b.seq) === managementId : true);

  const responses = out.blocks.filter((b) => b.action === 'RESPONSE');
  const forId = responses.filter((b) => b.kind === 'management' && b.managementId === managementId && matches(b));
  const mine = forId.filter((b) => b.clockId === local);
  const foreign = forId.length - mine.length;

  let blocks: PmcReplyBlock[] = [];
  if (mine.length > 0) {
    const latest = Math.max(...mine.map((b) => b.seq));
    const seen = new Set<number>();
    // Port-level IDs answer once per port with one seq; a duplicate (clock, port) is ignored.
    blocks = mine.filter((b) => b.seq === latest && !seen.has(b.port) && (seen.add(b.port), true));
  }

  const error =
    blocks.length > 0 || !haveSent
      ? null
      : (responses.find(
          (b) =>
            b.clockId === local &&
            (b.kind === 'error-status' || b.kind === 'empty-tlv' || b.kind === 'unknown-tlv' || b.kind === 'no-tlv') &&
            sentId(out, b.seq) === managementId,
        ) ?? null);

  return { blocks, error, foreign };
}
