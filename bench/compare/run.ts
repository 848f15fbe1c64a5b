/**
 * `npm run bench:compare [-- --quick]`: the hub against what else could serve the same data, in one
 * run: reads against PostGraphile 5 and a raw-SQL floor, live updates against a raw broadcast, the
 * import against `psql \copy` and parse-only. Each part makes its own scratch databases on the server
 * given (DATABASE_URL's, or an embedded PostgreSQL). The results print as Markdown and, in a full run,
 * are appended to BENCHMARKS.md; `--quick` (smaller, shorter, for checking that it runs) only prints.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/logger';
import { benchServer } from '../scratch';
import { ensurePeer } from './peer';
import { compareImport } from './import';
import { compareLive } from './live';
import { compareReads } from './reads';
import type { CompareContext, Section } from './section';

/**
 * The parts, run in this order. Each is one import and one line here.
 */
const parts: { name: string; run: (ctx: CompareContext) => Promise<Section> }[] = [
  { name: 'reads', run: compareReads },
  { name: 'live', run: (ctx) => compareLive(ctx) },
  { name: 'import', run: compareImport },
];

function markdown(sections: Section[], header: string[]): string {
  const lines = [...header, ''];
  for (const s of sections) {
    lines.push(`### ${s.title}`, '');
    const [head, ...rows] = s.table;
    lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), '');
    for (const n of s.notes) lines.push(`- ${n}`);
    lines.push('');
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const only = process.argv
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const root = path.resolve(__dirname, '..', '..', '..');
  const log = (message: string) => {
    console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
  };
  // Only the reads part runs PostGraphile: other parts alone need not install it.
  const peerNodeVersion = !only || only.includes('reads') ? ensurePeer(root, log) : null;
  const server = await benchServer(createLogger({ level: 'warn', format: 'pretty' }), 54398);
  const sections: Section[] = [];
  const failures: string[] = [];
  try {
    for (const part of parts) {
      if (only && !only.includes(part.name)) continue;
      const workDir = fs.mkdtempSync(path.join(server.tmp, `${part.name}-`));
      log(`Part: ${part.name}`);
      try {
        sections.push(await part.run({ adminUrl: server.adminUrl, workDir, root, quick, log }));
      } catch (err) {
        // One part failing loses its figures, not the others'.
        failures.push(`${part.name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        log(`Part ${part.name} failed`);
      }
    }
  } finally {
    await server.stop();
  }
  const cpu = os.cpus();
  const header = [
    `## bench:compare, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${quick ? ' (--quick: short measurements, for checking only)' : ''}`,
    '',
    `Hub on Node ${process.version}; ${peerNodeVersion ? `PostGraphile on Node ${peerNodeVersion}. ` : ''}${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GB, ${os.type()} ${os.release()}. PostgreSQL: ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'}.`,
  ];
  const text = markdown(sections, header);
  console.log(`\n${text}`);
  if (!quick && sections.length) fs.appendFileSync(path.join(root, 'BENCHMARKS.md'), `\n${text}`);
  if (failures.length) console.error(`\n${failures.join('\n\n')}`);
  // Exits here: a part's leftover handles must not keep the run open, and a failed part fails the run.
  process.exit(failures.length ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
