/**
 * One error sentence in both languages. The English is a template with `{named}` facts: it is what JSON, logs
 * and every English line carry, so it stays exactly as users and scripts know it. The Japanese is a function of
 * the same facts, so the two cannot say different things. An error usually carries its template and facts
 * (PtpcamError); a message that crossed a boundary as plain text (a worker thread, the host report, a module that
 * builds its own message) is read back into facts through the same template, never through a second pattern.
 */

/** `{a} must be {b}` -> 'a' | 'b'. */
type FactNames<S extends string> = S extends `${string}{${infer K}}${infer R}` ? K | FactNames<R> : never;

export type Facts<S extends string> = { readonly [K in FactNames<S>]: string };

export interface ErrorTemplate<S extends string = string> {
  /** The stable codes this sentence is said under (several when the code comes from elsewhere, as pmc's do). */
  readonly codes: readonly string[];
  readonly en: S;
  /** Method syntax on purpose: templates with different facts live in one list. */
  ja(facts: Facts<S>, code: string): string;
  /** Facts that are themselves a message of the same code, localised before `ja` sees them. */
  readonly nested: readonly string[];
  /** False for a template that matches any text (yargs' own message): built with its facts, never read back. */
  readonly readBack: boolean;
}

export function template<S extends string>(
  codes: string | readonly string[],
  en: S,
  ja: (facts: Facts<S>, code: string) => string,
  options: { nested?: readonly FactNames<S>[]; readBack?: boolean } = {},
): ErrorTemplate<S> {
  return { codes: typeof codes === 'string' ? [codes] : codes, en, ja, nested: options.nested ?? [], readBack: options.readBack ?? true };
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The English sentence with its facts filled in. */
export function renderEnglish<S extends string>(t: ErrorTemplate<S>, facts: Facts<S>): string {
  const f = facts as Readonly<Record<string, string>>;
  return t.en.replace(PLACEHOLDER, (whole, name: string) => f[name] ?? whole);
}

const compiled = new WeakMap<ErrorTemplate, { re: RegExp; names: string[] }>();

function matcher(t: ErrorTemplate): { re: RegExp; names: string[] } {
  let m = compiled.get(t);
  if (m === undefined) {
    const names: string[] = [];
    let source = '';
    let last = 0;
    for (const p of t.en.matchAll(PLACEHOLDER)) {
      source += escape(t.en.slice(last, p.index)) + '([\\s\\S]*?)';
      names.push(p[1]!);
      last = p.index + p[0].length;
    }
    source += escape(t.en.slice(last));
    m = { re: new RegExp(`^${source}$`), names };
    compiled.set(t, m);
  }
  return m;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The facts of `text` if this template wrote it, else null. */
export function readBack(t: ErrorTemplate, text: string): Record<string, string> | null {
  if (!t.readBack) return null;
  const { re, names } = matcher(t);
  const m = re.exec(text);
  if (m === null) return null;
  return Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? '']));
}

/** The Japanese of `text` if this template wrote it (nested facts as they are), else null. */
export function localizeWith(t: ErrorTemplate, text: string, code: string): string | null {
  const facts = readBack(t, text);
  return facts === null ? null : t.ja(facts as Facts<string>, code);
}
