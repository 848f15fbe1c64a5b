/**
 * What the benchmarks share: a PostgreSQL server to make scratch databases on (DATABASE_URL's, or an
 * embedded one in a temporary folder), the scratch databases themselves, and tokens the hub accepts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { SignJWT } from 'jose';
import { startEmbeddedPostgres } from '../src/database';
import type { Logger } from '../src/logger';

export interface BenchServer {
  /** A URL of the server's maintenance database, for creating and dropping scratch databases. */
  adminUrl: string;
  /** A temporary folder for the run's files, removed by stop(). */
  tmp: string;
  stop(): Promise<void>;
}

/** DATABASE_URL's server when set, otherwise an embedded PostgreSQL in a temporary folder on `port`. */
export async function benchServer(log: Logger, port = 54399): Promise<BenchServer> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-'));
  const remove = () => {
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  if (process.env.DATABASE_URL) {
    return {
      adminUrl: process.env.DATABASE_URL,
      tmp,
      stop: () => {
        remove();
        return Promise.resolve();
      },
    };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port, database: 'postgres', ephemeral: true }, log);
  return {
    adminUrl: embedded.url,
    tmp,
    stop: async () => {
      await embedded.stop();
      remove();
    },
  };
}

/** `adminUrl` with another database name. */
export function databaseUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drops and creates the database `name` on the server of `adminUrl`; returns its URL. */
export async function freshDatabaseUrl(adminUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  return databaseUrl(adminUrl, name);
}

/** Drops a scratch database made by freshDatabaseUrl. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}

/** A token for the seed account `subject`, signed with the HS256 secret the hub was started with. */
export async function benchToken(secret: string, subject: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer('partnership-data-hub')
    .setAudience('partnership-data-hub')
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(secret));
}
