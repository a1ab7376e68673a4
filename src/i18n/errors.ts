/**
 * The one place an error becomes a sentence for the user: by its stable code, in the user's language. English is
 * the message as written (templates in ./errorText write it); Japanese comes from the same template's facts, or,
 * for a message no template wrote (an SDK's, the OS's), from what the code means with that text appended
 * verbatim. JSON and logs keep the English message.
 */
import { ERROR_CODES, isErrorCode } from './errorCodes.js';
import { readBack, type ErrorTemplate, type Facts } from './errorTemplate.js';
import { ERROR_TEMPLATES } from './errorText/index.js';
import { detail, sdk } from './errorText/detail.js';
import type { Lang } from './locale.js';

/** An error's sentence as built: the template and facts it was made from. */
export interface BuiltText {
  template: ErrorTemplate;
  facts: Readonly<Record<string, string>>;
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]/;

function japanese(template: ErrorTemplate, facts: Readonly<Record<string, string>>, code: string): string {
  const f: Record<string, string> = { ...facts };
  for (const name of template.nested) {
    const inner = f[name];
    if (inner !== undefined) f[name] = localizeError(code, inner, 'ja');
  }
  return template.ja(f as Facts<string>, code);
}

function fallback(code: string, message: string): string {
  // yargs words its own messages in the locale it detects: nothing to add.
  if (code === 'ERR_USAGE' && JAPANESE.test(message)) return message;
  if (!isErrorCode(code)) return `予期しないエラーです（${code}: ${message}）`;
  const meaning = ERROR_CODES[code];
  if (message === '' || message === meaning.en) return meaning.ja;
  return `${meaning.ja}${meaning.source === 'sdk' ? sdk(message) : detail(message)}`;
}

/**
 * `message` of an error with `code`, in `lang`. `built` is the template and facts it was made from, when the
 * error still carries them; otherwise the message is read back through the templates said under `code`.
 */
export function localizeError(code: string, message: string, lang: Lang, built?: BuiltText): string {
  if (lang !== 'ja') return message;
  if (built !== undefined) return japanese(built.template, built.facts, code);
  for (const t of ERROR_TEMPLATES) {
    if (!t.codes.includes(code)) continue;
    const facts = readBack(t, message);
    if (facts !== null) return japanese(t, facts, code);
  }
  return fallback(code, message);
}

/**
 * Text that starts with its code (`ERR_CAMERA_TIMEOUT: PTP enable did not finish within 1.2 s`, as check keeps a
 * camera's error): the code stays, the rest is localised. Text without a code is returned as it is.
 */
export function localizeCodedText(text: string, lang: Lang): string {
  const m = /^([A-Z][A-Z0-9_]*): ([\s\S]*)$/.exec(text);
  if (lang !== 'ja' || m === null) return text;
  return `${m[1]}: ${localizeError(m[1]!, m[2]!, lang)}`;
}
