/** Option checks shared by the commands: one clear line and exit 1 for anything a user can mistype. */
import { PtpcamError } from '../errors.js';

export function usage(message: string): never {
  throw new PtpcamError('ERR_USAGE', message);
}

export function parseIntOption(name: string, value: unknown, min: number, max: number): number {
  const text = String(value).trim();
  if (!/^-?\d+$/.test(text)) usage(`${name} must be a whole number, got '${String(value)}'`);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min || n > max) usage(`${name} must be between ${min} and ${max}, got ${text}`);
  return n;
}

export function parseSerials(text: string): string[] {
  const serials = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (serials.length === 0) usage('--serials needs at least one serial');
  const dup = serials.find((s, i) => serials.indexOf(s) !== i);
  if (dup !== undefined) usage(`--serials lists ${dup} twice`);
  return serials;
}
