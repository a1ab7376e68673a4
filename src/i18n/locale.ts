/** Report language: Japanese when the locale says so (the seed's language), English otherwise. */
export type Lang = 'ja' | 'en';

/**
 * POSIX precedence for message catalogs: LC_ALL, then LC_MESSAGES, then LANG; the first one set decides,
 * even if it is not Japanese (LC_ALL=C over LANG=ja_JP means English).
 */
export function detectLang(env: NodeJS.ProcessEnv = process.env): Lang {
  for (const key of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const v = env[key];
    if (v !== undefined && v !== '') return /^ja([_.@-]|$)/i.test(v) ? 'ja' : 'en';
  }
  return 'en';
}
