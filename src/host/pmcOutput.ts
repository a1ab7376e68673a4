/**
 * Tokeniser for pmc's batch-mode stdout. Pure and total: it never throws, whatever the input.
 *
 * pmc prints replies and its own `sending:` lines in an order that varies from run to run, and with
 * `-b >= 1` replies from other clocks arrive mixed in. So nothing here relies on position: every reply
 * is a block keyed by its header (clockId, port, seq, action, management ID).
 */

export type PmcAction = 'GET' | 'SET' | 'RESPONSE' | 'COMMAND' | 'ACKNOWLEDGE';

/**
 * - `management`: `MANAGEMENT <ID> ` followed by field lines.
 * - `null-management`: `MANAGEMENT ` with no ID (only NULL_MANAGEMENT prints that).
 * - `error-status`: `MANAGEMENT_ERROR_STATUS `; pmc prints no error id.
 * - `empty-tlv`, `unknown-tlv`: header only.
 * - `no-tlv`: the header and nothing after the action (message with != 1 TLV).
 */
export type PmcBlockKind = 'management' | 'null-management' | 'error-status' | 'empty-tlv' | 'unknown-tlv' | 'no-tlv';

export interface PmcField {
  readonly name: string;
  /** Value text with the column padding removed. */
  readonly value: string;
}

export interface PmcReplyBlock {
  /** As printed, lower-cased: `xxxxxx.xxxx.xxxxxx`. */
  readonly clockId: string;
  readonly port: number;
  readonly seq: number;
  readonly action: PmcAction;
  readonly kind: PmcBlockKind;
  /** Upper-case management ID for `management` blocks, otherwise null. */
  readonly managementId: string | null;
  readonly fields: readonly PmcField[];
  /** 0-based line number of the header, for diagnostics. */
  readonly line: number;
}

export interface PmcSentCommand {
  readonly action: string;
  readonly managementId: string;
  /** pmc's sequence id for this command: one per `sending:` line, counted from 0. */
  readonly seq: number;
}

export type PmcMessageKind = 'ambiguous-id' | 'not-supported' | 'non-get-action';

export interface PmcMessage {
  readonly kind: PmcMessageKind;
  readonly text: string;
  /** The ID pmc refused, when the message names one. */
  readonly subject: string | null;
}

export interface PmcOutput {
  readonly blocks: readonly PmcReplyBlock[];
  readonly sent: readonly PmcSentCommand[];
  readonly messages: readonly PmcMessage[];
  /** Lines that fit none of pmc's known shapes (with their 0-based line numbers). */
  readonly unrecognized: readonly { readonly line: number; readonly text: string }[];
  /** The text did not end with a newline: its last line may be cut and was not used. */
  readonly truncated: boolean;
}

const ACTIONS: ReadonlySet<string> = new Set(['GET', 'SET', 'RESPONSE', 'COMMAND', 'ACKNOWLEDGE']);

// The trailing space after the header is real in every pmc version; requiring it means a header cut in
// the middle of its ID (truncated output) is never mistaken for a different, shorter ID.
const HEADER_RE = /^\t([0-9A-Fa-f]{6}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{6})-(\d{1,5}) seq (\d{1,5}) ([A-Z]+) (.*)$/;
const FIELD_RE = /^\t\t(\S+)(?:[ \t]+(.*))?$/;
const SENDING_RE = /^sending: (\S+) (\S+)\s*$/;
const AMBIGUOUS_RE = /^id (\S+) is too ambiguous$/;
const NOT_SUPPORTED_RE = /^sorry, (\S+) not supported yet$/;
const NON_GET_RE = /^non-get actions still todo$/;
const MGMT_WORDS: ReadonlySet<string> = new Set(['MANAGEMENT', 'MANAGMENT']); // the typo of linuxptp < 1.6
const ERROR_WORDS: ReadonlySet<string> = new Set(['MANAGEMENT_ERROR_STATUS', 'MANAGMENT_ERROR_STATUS']);
const ID_RE = /^[A-Z][A-Z0-9_]*$/;

function classify(rest: string): { kind: PmcBlockKind; id: string | null } | null {
  const words = rest.trim().split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) return { kind: 'no-tlv', id: null };
  const first = words[0] as string;
  if (ERROR_WORDS.has(first)) return { kind: 'error-status', id: null };
  if (first === 'unknown-tlv') return { kind: 'unknown-tlv', id: null };
  if (first === 'empty-tlv') return { kind: 'empty-tlv', id: null };
  if (!MGMT_WORDS.has(first)) return null;
  if (words.length === 1) return { kind: 'null-management', id: null };
  const second = words[1] as string;
  if (second === 'empty-tlv') return { kind: 'empty-tlv', id: null };
  if (words.length === 2 && ID_RE.test(second)) return { kind: 'management', id: second };
  return null;
}

interface MutableBlock extends Omit<PmcReplyBlock, 'fields'> {
  fields: PmcField[];
}

export function tokenizePmcOutput(stdout: string): PmcOutput {
  const blocks: MutableBlock[] = [];
  const sent: PmcSentCommand[] = [];
  const messages: PmcMessage[] = [];
  const unrecognized: { line: number; text: string }[] = [];
  const text = typeof stdout === 'string' ? stdout : '';
  const lines = text.split('\n');
  // split() leaves '' after a final newline; anything else there is a line without its newline.
  const last = lines.pop() ?? '';
  const truncated = last.length > 0;
  let current: MutableBlock | null = null;

  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length === 0) return;

    const header = HEADER_RE.exec(line);
    if (header !== null) {
      const [, cid, port, seq, action, rest] = header as unknown as [string, string, string, string, string, string];
      // A complete header always ends with the space pmc prints after its last word.
      const shape = ACTIONS.has(action) && (rest.length === 0 || rest.endsWith(' ')) ? classify(rest) : null;
      if (shape === null) {
        current = null;
        unrecognized.push({ line: index, text: line });
        return;
      }
      current = {
        clockId: cid.toLowerCase(),
        port: Number(port),
        seq: Number(seq),
        action: action as PmcAction,
        kind: shape.kind,
        managementId: shape.id,
        fields: [],
        line: index,
      };
      blocks.push(current);
      return;
    }

    const field = FIELD_RE.exec(line);
    if (field !== null) {
      if (current !== null && current.kind === 'management') {
        current.fields.push({ name: field[1] as string, value: (field[2] ?? '').trim() });
      } else {
        unrecognized.push({ line: index, text: line });
      }
      return;
    }

    // `sending:` lines are interleaved anywhere, so they must not end the current block.
    const sending = SENDING_RE.exec(line);
    if (sending !== null) {
      sent.push({ action: sending[1] as string, managementId: (sending[2] as string).toUpperCase(), seq: sent.length });
      return;
    }

    current = null;
    const ambiguous = AMBIGUOUS_RE.exec(line);
    if (ambiguous !== null) {
      messages.push({ kind: 'ambiguous-id', text: line, subject: ambiguous[1] as string });
      return;
    }
    const notSupported = NOT_SUPPORTED_RE.exec(line);
    if (notSupported !== null) {
      messages.push({ kind: 'not-supported', text: line, subject: notSupported[1] as string });
      return;
    }
    if (NON_GET_RE.test(line)) {
      messages.push({ kind: 'non-get-action', text: line, subject: null });
      return;
    }
    unrecognized.push({ line: index, text: line });
  });

  return { blocks, sent, messages, unrecognized, truncated };
}

/** True when at least one block proves that a PTP clock answered (pmc's exit status never does). */
export function hasResponse(output: PmcOutput): boolean {
  return output.blocks.some((b) => b.action === 'RESPONSE');
}
