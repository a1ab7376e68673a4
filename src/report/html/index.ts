/** The HTML report of a timestat run: the API timestat and `ptpcam report` use. */
export { buildReportFromFile, type BuildReportOptions, type BuildReportResult } from './buildReport.js';
export { HtmlReportWriter, type HtmlReportOptions } from './writer.js';
export { JSONL_SCHEMA_VERSION } from './schema.js';
