import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from '../src/logger';
import type { WakeUpBus } from '../src/modules/live/live.wakeups';
import { describeSummary, importFile, type ImportSummary } from '../src/modules/imports/import.service';
import { importerFor } from '../src/importers';
import { generatePartners } from './generate-partners';
import { generatePublished } from './generate-published';

/** Import order: deprivation and indicators first, then crime and its outcomes, then housing and money. */
const ORDER = ['imd2019', 'fingertips', 'police-street', 'police-outcomes', 'housing', 'ward-budgets'] as const;

/**
 * The seed data that partners publish in files (police.uk, Fingertips, IMD File 7, housing, ward
 * budgets): generated deterministically in their published formats into a temporary folder, then
 * loaded through the same importers a person uses. Each import replaces its period, so running this
 * again gives the same data. Each import announces itself on `dataRefreshed`, waking subscribers through `bus` when given.
 */
export async function loadPublishedSeeds(databaseUrl: string, log?: Logger, bus?: WakeUpBus): Promise<ImportSummary[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-seed-files-'));
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const files: Record<string, string> = { ...generatePublished(dir), ...generatePartners(dir) };
    const summaries: ImportSummary[] = [];
    for (const kind of ORDER) {
      const summary = await importFile(client, importerFor(kind), files[kind], { who: 'seed', illustrative: true, bus });
      log?.info(describeSummary(summary));
      summaries.push(summary);
    }
    return summaries;
  } finally {
    await client.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
