/**
 * Text ptpcam does not write (an SDK's message, the OS's, pmc's stderr, a JSON parser's) goes into a Japanese
 * sentence verbatim and labelled, after the sentence that says what it means; an OS error is named by its errno
 * in Japanese, since its English adds nothing the sentence does not already say.
 */

/** `（SDK: …）`: the SDK's own words after the sentence that explains them. */
export function sdk(text: string): string {
  return text === '' ? '' : `（SDK: ${text}）`;
}

/** `（詳細: …）`: anything else passed on as written. */
export function detail(text: string): string {
  return text === '' ? '' : `（詳細: ${text}）`;
}

const ERRNO: Readonly<Record<string, string>> = {
  ENOENT: 'ファイルまたはディレクトリがありません',
  EACCES: 'アクセス権がありません',
  EPERM: '操作が許可されていません',
  EISDIR: 'ディレクトリです',
  ENOTDIR: 'パスの途中にディレクトリでないものがあります',
  ENOSPC: 'ディスクの空きがありません',
  EFBIG: 'ファイルサイズの上限に達しました',
  EROFS: '読み取り専用のファイルシステムです',
  EEXIST: 'すでに存在します',
  EMFILE: '開いているファイルが多すぎます',
  ENAMETOOLONG: 'パスが長すぎます',
  ELOOP: 'シンボリックリンクが循環しています',
  EIO: '入出力エラーです',
};

/** Phrases ptpcam itself puts where an OS message would be (src/report/output.ts). */
const PHRASES: Readonly<Record<string, string>> = {
  'no space left on device': 'ENOSPC: ディスクの空きがありません',
  'file size limit reached': 'EFBIG: ファイルサイズの上限に達しました',
  'no such file': 'ENOENT: ファイルがありません',
};

/** Node's `ENOENT: no such file or directory, open '/x'` -> `ENOENT: ファイルまたはディレクトリがありません`. */
export function osReason(text: string): string {
  const phrase = PHRASES[text];
  if (phrase !== undefined) return phrase;
  const m = /^(E[A-Z0-9]+): /.exec(text);
  const ja = m ? ERRNO[m[1]!] : undefined;
  return ja !== undefined ? `${m![1]}: ${ja}` : `OS: ${text}`;
}
