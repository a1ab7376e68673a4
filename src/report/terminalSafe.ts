/**
 * Strings a camera supplies (serial, model, vendor, user name, SDK error text) reach the operator's terminal.
 * Any device on the camera network can put escape sequences in them (`ESC [31m`, a BEL, a title change, a
 * cursor move that hides a line), so human output shows every control character escaped, as `\x1b`, `\x07`.
 * JSON output keeps the exact string (JSON escapes it); only text meant for a terminal goes through here.
 */

// C0 controls, DEL, C1 controls (0x80-0x9f: CSI 0x9b acts like ESC [), line/paragraph separators and the
// bidirectional overrides and isolates that can reorder what the operator reads.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escape(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character shown escaped; printable text (any script) unchanged. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** Each line made safe; the line breaks between them are the caller's own. */
export function terminalSafeLines(lines: readonly string[]): string[] {
  return lines.map(terminalSafe);
}
