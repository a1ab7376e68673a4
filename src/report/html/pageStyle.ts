/** The page's own stylesheet (uPlot's is inlined before it). Print-friendly, no external fonts. */
export const PAGE_CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK JP", sans-serif; color: #1a1a1a; margin: 16px 24px; max-width: 1280px; }
h1 { font-size: 22px; margin: 0 0 6px; }
h2 { font-size: 17px; margin: 26px 0 6px; border-bottom: 1px solid #ddd; padding-bottom: 3px; }
h3 { font-size: 14px; margin: 12px 0 2px; }
table { border-collapse: collapse; }
table.kv th { text-align: left; font-weight: 600; padding: 2px 16px 2px 0; vertical-align: top; }
table.kv td { padding: 2px 0; }
table.grid th, table.grid td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
table.grid th { background: #f4f4f4; }
td.serial { white-space: nowrap; font-family: ui-monospace, monospace; }
.swatch { display: inline-block; width: 11px; height: 11px; margin-right: 6px; border-radius: 2px; vertical-align: -1px; }
.caption { color: #444; margin: 2px 0 8px; }
.offscale { color: #6a6a6a; font-size: 12px; margin: 0; }
.banner { background: #fff4d6; border: 1px solid #e6c86e; padding: 4px 8px; display: inline-block; margin: 2px 0; }
.verdict { font-weight: 600; font-size: 16px; margin: 6px 0; }
.v-OK { color: #006d4f; }
.v-NG, .v-NO_DATA, tr.bad td { color: #b3261e; }
.v-UNCERTAIN { color: #8a5a00; }
li.warn { color: #8a3b00; }
.chart { min-height: 40px; }
footer { margin-top: 30px; color: #777; font-size: 12px; }
`;
