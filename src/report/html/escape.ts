/**
 * Escaping for the two places the report puts text from a camera, a rig file or the JSON lines: HTML text and
 * attributes, and the JSON data island read by the page's script. Nothing from the input reaches the page any
 * other way (the page's script only ever sets textContent, and uPlot does the same for labels).
 */

const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML element or a quoted attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML[c] as string);
}

/**
 * JSON for a `<script type="application/json">` block: `<` `>` `&` become \u escapes, so no `</script>` or
 * `<!--` can end or change the block, and U+2028/2029 are escaped for older parsers. JSON.parse reads it back
 * unchanged.
 */
export function jsonForScript(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
