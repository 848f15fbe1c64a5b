import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import MarkdownIt from 'markdown-it';
import { CreateTrustedOnlyApiKeyDocument } from '../generated/graphql';
import { projectRoot } from '../../src/paths';
import { useTestApp } from '../support/app';
import { DASHBOARD_USER_ID } from '../support/callers';

/**
 * Runs the shell examples of the README's "Building a dashboard" section exactly as written, one
 * after another in one shell (later ones use what earlier ones set), as a developer would from the
 * hub's folder with HUB and KEY set as the section says: a trusted document fetched by hash with its
 * ETag, then the same request with If-None-Match answered 304.
 */

const hub = useTestApp();

function sectionShellExamples(): string[] {
  const readme = fs.readFileSync(path.join(projectRoot(), 'README.md'), 'utf8');
  const start = readme.indexOf('## Building a dashboard');
  const end = readme.indexOf('\n## ', start + 1);
  return new MarkdownIt()
    .parse(readme.slice(start, end), {})
    .filter((t) => t.type === 'fence' && t.info.trim() === 'sh')
    .map((t) => t.content);
}

it('fetches a dashboard figure by hash with a limited key, then gets 304 for it until the data changes', async () => {
  const examples = sectionShellExamples();
  expect(examples.length).toBeGreaterThanOrEqual(2);
  const issued = await hub.gqlAs('seed:admin', CreateTrustedOnlyApiKeyDocument, {
    userId: String(DASHBOARD_USER_ID),
    label: 'README example',
  });
  const key = issued.body.data!.createApiKey.key;
  // The hub's folder as the reader has it (the examples read the generated manifest), without writing into the repository.
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-dashboard-'));
  fs.symlinkSync(path.join(projectRoot(), 'dashboard'), path.join(cwd, 'dashboard'));
  try {
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', examples.join('\n')], {
      cwd,
      env: { ...process.env, HUB: hub.origin, KEY: key },
    });
    expect(stdout).toMatch(/^etag: "[\w-]+"/im);
    expect(stdout).toMatch(/^cache-control: private, no-cache/im);
    expect(stdout.trim().split('\n').at(-1)).toBe('304');
    const figures = JSON.parse(fs.readFileSync(path.join(cwd, 'figures.json'), 'utf8')) as { data: { localities: unknown[] } };
    expect(figures.data.localities).toHaveLength(3);
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
});
