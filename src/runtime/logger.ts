/**
 * pino to stderr: stdout carries the report and JSON lines only. A person reads `text` lines (`WARN: message
 * key=value`, camera-supplied strings made terminal-safe); machines get pino's JSON lines with `json`.
 */
import { writeSync } from 'node:fs';

import { pino, type DestinationStream, type Logger } from 'pino';

import { terminalSafe } from '../report/terminalSafe.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export type LogFormat = 'text' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];

const LEVEL_NAMES: Readonly<Record<number, string>> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** pino's own fields, not the caller's. */
const OWN = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg']);

function valueText(v: unknown): string {
  if (typeof v === 'string') return /[\s"=]/.test(v) || v === '' ? JSON.stringify(v) : v;
  if (v instanceof Object && 'message' in v && typeof (v as { message: unknown }).message === 'string') {
    const e = v as { code?: unknown; message: string };
    return JSON.stringify(typeof e.code === 'string' ? `${e.code}: ${e.message}` : e.message);
  }
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v);
}

/** One pino record (a JSON line) as `LEVEL: message key=value ...`. */
export function textLogLine(record: string, binary = 'ptpcam'): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(record) as Record<string, unknown>;
  } catch {
    return terminalSafe(record.trimEnd());
  }
  const level = LEVEL_NAMES[Number(o.level)] ?? String(o.level);
  const fields = Object.entries(o)
    .filter(([k]) => !OWN.has(k))
    .map(([k, v]) => `${k}=${valueText(v)}`);
  return terminalSafe([`${binary} ${level}:`, typeof o.msg === 'string' ? o.msg : '', ...fields].filter((x) => x !== '').join(' '));
}

function textDestination(binary: string): DestinationStream {
  return {
    write(record: string): void {
      writeSync(2, `${textLogLine(record, binary)}\n`);
    },
  };
}

export function createLogger(level: LogLevel, format: LogFormat = 'text', binary = 'ptpcam'): Logger {
  const destination = format === 'json' ? pino.destination({ fd: 2, sync: true }) : textDestination(binary);
  return pino({ name: binary, level }, destination);
}
