// PostGraphile 5 (amber preset) over the bench's scratch database, as `npm run bench:compare` runs it
// beside the hub: production mode, the database owner's connection, the public schema and the
// bench's own `bench_peer` schema (views and functions for what the hub works out beyond its tables).
// Run on Node 22 from this folder: node postgraphile.mjs (DATABASE_URL, PORT in the environment).
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const port = Number(process.env.PORT);
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public', 'bench_peer'], poolConfig: { max: 10 } })],
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
const stop = async () => {
  server.close();
  await pgl.release();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
