/** The process logger: JSON lines on stdout (pino), ISO timestamps, level from config. */
import { type DestinationStream, pino } from 'pino';
import type { LogLevel } from './config.ts';
import type { Logger } from './http/app-env.ts';

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { level, timestamp: pino.stdTimeFunctions.isoTime, base: { pid: process.pid } };
  return destination ? pino(options, destination) : pino(options);
}
