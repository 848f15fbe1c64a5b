// PostGraphile 5 (amber preset) over the bench's scratch database, as `npm run bench:compare` runs it
// beside the hub: production mode, the database owner's connection, the public schema and the
// bench's own `bench_peer` schema (views and functions for what the hub works out beyond its tables).
// Run on Node 22 from this folder: node postgraphile.mjs (DATABASE_URL, PORT, STATS_PORT in the environment).
// STATS_PORT answers GET with the number of statements PostGraphile has sent so far, for statements per request.
import { createServer } from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const port = Number(process.env.PORT);
let statements = 0;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on('connect', (client) => {
  const query = client.query.bind(client);
  client.query = (...args) => {
    statements += 1;
    return query(...args);
  };
});
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ pool, schemas: ['public', 'bench_peer'] })],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.once('listening', () => {
  console.log(`ready ${port}`);
});
await serv.addTo(server);
server.listen(port, '127.0.0.1');
const stats = createServer((_req, res) => {
  res.end(String(statements));
});
stats.listen(Number(process.env.STATS_PORT), '127.0.0.1');
const stop = async () => {
  server.close();
  stats.close();
  await pgl.release();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
