import { ReflectMetadataProvider } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql';
import path from 'node:path';
import { NotFoundError, type MissingLabel } from './errors';
import { redactSql, type Logger } from './logger';
import { migrationsList } from './migrations';
import { hubModules } from './modules';
import { projectRoot } from './paths';

/** Every module's entities, read from the module list. */
export const entities = hubModules.flatMap((module) => module.entities);

/**
 * findOneOrFail's error for every entity: NOT_FOUND in the entity's own words (its static `missing`
 * label), naming the key that was looked up, whether given as a primary key or as `{ code }`.
 */
function notFound(entityName: string, where: unknown): NotFoundError {
  const entity = entities.find((e) => e.name === entityName);
  const label: MissingLabel = entity?.missing ?? { noun: entityName, key: 'id' };
  const key = where !== null && typeof where === 'object' ? (where as Record<string, unknown>)[label.key] : where;
  return NotFoundError.of(label, key);
}

/** The role request connections run as; row-level security applies to it (see the access migration). */
export const APP_ROLE = 'hub_app';

export interface OrmSettings {
  clientUrl: string;
  poolMax?: number;
  log?: Logger;
  /**
   * A role every pooled connection switches to (`SET ROLE`). The hub serves requests as `hub_app`,
   * which row-level security applies to; migrations, seeds and imports run as the owner.
   */
  role?: string;
  /**
   * PostgreSQL's `statement_timeout` on every pooled connection (request connections: the hub's
   * deadline for any one statement, however it was reached). Unset means PostgreSQL's default.
   */
  statementTimeoutMs?: number;
  /** Told of each new pooled connection, after its settings are applied (the hub notes its backend pid). */
  onConnection?: (connection: PooledConnection) => void;
}

/** The parts of a pooled `pg` connection the hub uses: knex's id for it and PostgreSQL's backend pid. */
export interface PooledConnection {
  __knexUid?: string;
  processID?: number | null;
  query(sql: string, values: string[], cb: (err?: Error) => void): void;
  once(event: 'end', listener: () => void): unknown;
}

/**
 * MikroORM settings shared by the app, the seed loader and the tools. Entities and migrations are
 * listed, not discovered from the file system, so the same code runs from `src/` and `dist/`.
 */
export function ormOptions({ clientUrl, poolMax = 10, log, role, statementTimeoutMs, onConnection }: OrmSettings): Options {
  const settings: [name: string, value: string][] = [];
  if (role) settings.push(['role', role]);
  if (statementTimeoutMs) settings.push(['statement_timeout', `${Math.trunc(statementTimeoutMs)}ms`]);
  // One statement for all the settings (set_config is SET as a function), with every name and value bound.
  const applySettings = `select ${settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, false)`).join(', ')}`;
  return defineConfig({
    clientUrl,
    entities,
    metadataProvider: ReflectMetadataProvider,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    extensions: [Migrator],
    migrations: {
      migrationsList,
      path: path.join(projectRoot(), 'src/migrations'),
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
      emit: 'ts',
    },
    pool: {
      min: 0,
      max: poolMax,
      ...(settings.length || onConnection
        ? {
            afterCreate(conn: PooledConnection, done: (err: Error | undefined, conn: unknown) => void) {
              if (!settings.length) {
                onConnection?.(conn);
                done(undefined, conn);
                return;
              }
              conn.query(applySettings, settings.flat(), (err) => {
                if (!err) onConnection?.(conn);
                done(err, conn);
              });
            },
          }
        : {}),
    },
    findOneOrFailHandler: notFound,
    forceUtcTimezone: true,
    // Requests always work on a fork; touching the global EntityManager is a bug, so it throws.
    allowGlobalContext: false,
    debug: log ? ['query'] : false,
    // MikroORM logs each statement with its values inlined; only the statement reaches the log.
    logger: log
      ? (message) => {
          log.trace({ orm: redactQueryLog(message) }, 'sql');
        }
      : undefined,
  });
}

/** A MikroORM query line, `<statement> [took 3 ms, 1 result]`: the statement loses its values, the timing stays. */
function redactQueryLog(message: string): string {
  // eslint-disable-next-line no-control-regex -- \x1b starts the ANSI colour codes MikroORM's highlighter adds, which must be matched.
  const meta = /(\s*(?:\x1b\[[0-9;]*m)?\s*\[took [^\]]*\](?:\x1b\[[0-9;]*m)?)$/.exec(message);
  return meta ? redactSql(message.slice(0, meta.index)) + meta[1] : redactSql(message);
}

export type Orm = MikroORM;

export async function openOrm(settings: OrmSettings): Promise<MikroORM> {
  return MikroORM.init(ormOptions(settings));
}
