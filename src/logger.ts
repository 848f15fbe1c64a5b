import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config';
import { currentRequestId } from './request-context';

export type { Logger };

/** Every line logged while a request is served names it, SQL at trace level included. */
function requestIdMixin(): Record<string, unknown> {
  const requestId = currentRequestId();
  return requestId ? { requestId } : {};
}

/** Plain-words logs on a terminal, JSON lines for log shippers. */
export function createLogger(log: Config['log']): Logger {
  if (log.format === 'json') return pino({ level: log.level, mixin: requestIdMixin });
  return pino(
    { level: log.level, mixin: requestIdMixin },
    pretty({ colorize: process.stdout.isTTY, ignore: 'pid,hostname', translateTime: 'HH:MM:ss', sync: true }),
  );
}
