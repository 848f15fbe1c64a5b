import dotenv from 'dotenv';
import { createApp, type AppOptions } from '../app';
import { ConfigError, loadConfig } from '../config';
import { createLogger, serializeError } from '../logger';

const SHUTDOWN_LIMIT_MS = 30_000;

/** Stops the hub on the first SIGINT or SIGTERM, and exits once it has stopped (or after SHUTDOWN_LIMIT_MS regardless). */
function stopOnSignals(app: { close(): Promise<void> }, log: ReturnType<typeof createLogger>): void {
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

/** Prints why the hub could not start and exits: status 2 for settings to fix, 1 for anything else. */
function exitOnFailure(err: unknown): never {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  // Through the log's error serializer: a failed migration or seed must not print the rows it carried.
  const safe = serializeError(err) as { message?: string; sql?: string; stack?: string } | undefined;
  if (safe && typeof safe === 'object' && safe.sql !== undefined) console.error(`${safe.message}\n  ${safe.sql}\n${safe.stack ?? ''}`);
  else console.error(safe && typeof safe === 'object' ? (safe.stack ?? safe.message) : err);
  process.exit(1);
}

/**
 * The hub as a process, for the entry points (src/main.ts in production, seeds/start.ts in
 * development): reads the settings from the environment (and `.env`), starts the hub, and stops it
 * cleanly on a signal.
 */
export function runHub(options: Pick<AppOptions, 'seed'> = {}): void {
  const start = async () => {
    dotenv.config({ quiet: true });
    const config = loadConfig();
    const log = createLogger(config.log);
    stopOnSignals(await createApp(config, { log, ...options }), log);
  };
  start().catch(exitOnFailure);
}
