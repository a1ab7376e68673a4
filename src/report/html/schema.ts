/**
 * Which JSON lines the report reads: ptpcam's, of the schema version this build writes. Lines from before
 * JSON lines were versioned (no `schema` field, same shapes) are read too, with a note on the page.
 */
import { JSONL_SCHEMA_VERSION } from '../jsonl.js';
import { REPORT } from '../../i18n/errorText/report.js';
import { reportInputError } from './inputError.js';

export { JSONL_SCHEMA_VERSION };

/** Throws for a schema this build does not know; true when the line has none (a pre-versioning file). */
export function checkSchema(schema: unknown, lineNo: number): boolean {
  if (schema === undefined || schema === null) return true;
  if (schema !== JSONL_SCHEMA_VERSION) {
    const shown = typeof schema === 'number' || typeof schema === 'string' ? String(schema).slice(0, 20) : typeof schema;
    throw reportInputError(REPORT.schema, { line: String(lineNo), version: shown, supported: String(JSONL_SCHEMA_VERSION) });
  }
  return false;
}
