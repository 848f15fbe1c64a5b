import fs from 'node:fs/promises';
import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__hubTestDatabase;
  if (!state) return;
  if (state.handle) {
    await state.handle.stop();
  } else {
    const admin = new Client({ connectionString: state.adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists "${state.template}" with (force)`);
    await admin.end();
  }
  if (state.tmpDir) await fs.rm(state.tmpDir, { recursive: true, force: true });
}
