/** Entry point for `npm start`: reads the settings, starts the hub, and stops it cleanly on a signal. */
import 'reflect-metadata';
import dotenv from 'dotenv';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger, serializeError } from './logger';

const SHUTDOWN_LIMIT_MS = 30_000;

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.log);
  const app = await createApp(config, { log });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // Ctrl-C under `npm start` reaches the hub twice (from the terminal and from npm): act on the first.
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received`);
    setTimeout(() => {
      log.error(`Still shutting down after ${SHUTDOWN_LIMIT_MS / 1000}s: exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  // Through the log's error serializer: a failed migration or seed must not print the rows it carried.
  const safe = serializeError(err) as { message?: string; sql?: string; stack?: string } | undefined;
  if (safe && typeof safe === 'object' && safe.sql !== undefined) console.error(`${safe.message}\n  ${safe.sql}\n${safe.stack ?? ''}`);
  else console.error(safe && typeof safe === 'object' ? (safe.stack ?? safe.message) : err);
  process.exit(1);
});
