import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config';

export type { Logger };

/** Plain-words logs on a terminal, JSON lines for log shippers. */
export function createLogger(log: Config['log']): Logger {
  if (log.format === 'json') return pino({ level: log.level });
  return pino(
    { level: log.level },
    pretty({ colorize: process.stdout.isTTY, ignore: 'pid,hostname', translateTime: 'HH:MM:ss', sync: true }),
  );
}
