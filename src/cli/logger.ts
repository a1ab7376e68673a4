/** pino to stderr: stdout carries the report and JSON lines only. */
import { pino, type Logger } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function createLogger(level: LogLevel): Logger {
  return pino({ name: 'ptpcam', level }, pino.destination({ fd: 2, sync: true }));
}
