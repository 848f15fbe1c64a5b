import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { OpenCaseDocument } from '../generated/graphql';
import { launchChromium } from '../support/browser';
import { startTestApp, type TestApp } from '../support/app';
import { tokenFor } from '../support/auth';
import { useCleanup } from '../support/cleanup';
import { runSeedCommand } from '../support/commands';
import { valueAt } from '../support/narrow';

// A real browser against the real hub: GraphiQL must load from the hub alone (no CDN), render,
// run a query, show the schema's docs and live within its Content Security Policy.

const WARD_QUERY = '{ ward(code: "E05013010") { name locality { name } } }';
const EDITOR_READY = '.graphiql-container .graphiql-query-editor .CodeMirror';
/** The result pane once a response is in, data or errors (so a failure shows what came back). */
const RESULT = /"(data|errors)"/;

/** What the page functions use of the browser (the tests compile without the DOM lib). */
interface BrowserGlobals {
  localStorage: { getItem(key: string): string | null };
}

let app: TestApp;
let browser: Browser;
const cleanup = useCleanup();
/** Every URL any page requested (including websockets), in order. */
const requested: string[] = [];
/** Console messages of type 'error' and uncaught page errors. */
const consoleErrors: string[] = [];
/** Requests that failed or got an HTTP error status, e.g. a missing asset. */
const failedRequests: string[] = [];

beforeAll(async () => {
  // Development tokens on, as with `npm start`: GraphiQL opens signed in as the seeded analyst.
  app = await startTestApp({ AUTH_DEV_TOKENS: 'true' });
  cleanup(() => app.close());
  browser = await launchChromium();
  cleanup(() => browser.close().catch(() => {}));
}, 60_000);

/**
 * Opens GraphiQL at `pathname` in a new context (so no query saved in localStorage by an earlier
 * test) and waits until the query editor is on screen.
 */
async function openGraphiql(pathname = '/graphql'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  cleanup(() => context.close().catch(() => {}));
  context.on('request', (request) => void requested.push(request.url()));
  context.on('requestfailed', (request) => void failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`));
  context.on('response', (response) => {
    if (response.status() >= 400) failedRequests.push(`${response.url()}: HTTP ${response.status()}`);
  });
  const page = await context.newPage();
  page.on('websocket', (socket) => void requested.push(socket.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => void consoleErrors.push(`pageerror: ${error.message}`));

  const response = await page.goto(`${app.origin}${pathname}`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-type']).toMatch(/^text\/html/);
  try {
    await page.locator(EDITOR_READY).first().waitFor({ state: 'visible', timeout: 10_000 });
  } catch (err) {
    // Say why, not just "timeout": usually an asset that did not load or a script the CSP refused.
    throw new Error(
      `GraphiQL did not render at ${pathname}: ${(err as Error).message}\n` +
        `failed requests: ${JSON.stringify(failedRequests)}\nconsole errors: ${JSON.stringify(consoleErrors)}`,
      { cause: err },
    );
  }
  return page;
}

/** The text of the CodeMirror editor inside `selector`. */
function editorValue(page: Page, selector: string): Promise<string> {
  return page
    .locator(`${selector} .CodeMirror`)
    .first()
    .evaluate((el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
}

describe('GraphiQL in a browser', () => {
  test('opening the GraphQL endpoint in a browser shows GraphiQL', async () => {
    const page = await openGraphiql('/graphql');
    expect(await page.title()).toBe('Partnership Data Hub · GraphiQL');
    expect(await page.locator('.graphiql-execute-button').isVisible()).toBe(true);
    // The hub's default query is in the editor, not GraphiQL's stock welcome text.
    expect(await editorValue(page, '.graphiql-query-editor')).toContain('query WardsByLocality');
    await page.close();
  });

  test('runs a query typed into the editor and shows the result', async () => {
    const page = await openGraphiql('/graphql');
    await page.locator('.graphiql-query-editor .CodeMirror').first().click();
    await page.keyboard.press('Control+A');
    // insertText types the query in one input event, so the editor's bracket auto-closing stays out of it.
    await page.keyboard.insertText(WARD_QUERY);
    expect(await editorValue(page, '.graphiql-query-editor')).toBe(WARD_QUERY);
    // GraphiQL takes in an edit 100 ms later (debounced): it saves the query and works out the
    // operation name then. Running before that sends the old name ("WardsByLocality") with the new
    // anonymous query, so wait for the save as a real user's pause would.
    await page.waitForFunction(
      (query) => (globalThis as unknown as BrowserGlobals).localStorage.getItem('graphiql:query') === query,
      WARD_QUERY,
    );

    await page.locator('.graphiql-execute-button').click();
    await page.locator('.graphiql-response').filter({ hasText: RESULT }).waitFor({ timeout: 10_000 });
    const shown = await page.locator('.graphiql-response .result-window').innerText();
    expect(shown).toContain('"Rotherham East"');
    expect(shown).toContain('"Central"');
    expect(JSON.parse(await editorValue(page, '.graphiql-response'))).toEqual({
      data: { ward: { name: 'Rotherham East', locality: { name: 'Central' } } },
    });
    // GRAPHIQL_SCREENSHOT=1 keeps a picture of the page, to check by eye that it renders properly.
    if (process.env.GRAPHIQL_SCREENSHOT) await page.screenshot({ path: path.join(os.tmpdir(), 'graphiql.png') });
    await page.close();
  });

  test('runs a subscription over graphql-ws and shows each event as it arrives', async () => {
    const page = await openGraphiql('/graphql');
    const subscription = 'subscription { dataRefreshed(kinds: ["ward-plans"]) { kinds wards { code } } }';
    await page.locator('.graphiql-query-editor .CodeMirror').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(subscription);
    await page.waitForFunction(
      (query) => (globalThis as unknown as BrowserGlobals).localStorage.getItem('graphiql:query') === query,
      subscription,
    );
    const socketOpened = page.waitForEvent('websocket');
    await page.locator('.graphiql-execute-button').click();
    const socket = await socketOpened;
    expect(socket.url()).toBe(`${app.origin.replace(/^http:/, 'ws:')}/graphql`);
    // Load data from another process. The page cannot tell when the server has the subscription
    // running, so if the first load came too early to be seen, load again (loading is idempotent).
    const event = page.locator('.graphiql-response').filter({ hasText: 'dataRefreshed' });
    for (let attempt = 1; ; attempt += 1) {
      await runSeedCommand(app.db.url);
      try {
        await event.waitFor({ timeout: 5_000 });
        break;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
    // What GraphiQL shows: JSON text, whose shape is only known once looked at.
    const shown: unknown = JSON.parse(await editorValue(page, '.graphiql-response'));
    expect(valueAt(shown, 'data', 'dataRefreshed', 'kinds')).toContain('ward-plans');
    expect(valueAt(shown, 'data', 'dataRefreshed', 'wards')).toHaveLength(25);
    await page.close();
  });

  test("opens signed in as the analyst; a tasking group chair's token in the Headers tab gets their live case updates", async () => {
    const page = await openGraphiql('/graphql');
    // The Headers tab starts with a development token (the seeded analyst's), so queries just work.
    const headerEditor = page.locator('.CodeMirror').filter({ hasText: 'Authorization' }).first();
    await headerEditor.waitFor();
    const setHeaders = (value: string) =>
      headerEditor.evaluate((el, v) => {
        (el as unknown as { CodeMirror: { setValue(s: string): void } }).CodeMirror.setValue(v);
      }, value);
    const subscription = 'subscription { taskingGroupUpdates(locality: "North") { type case { reference title } } }';
    await page.locator('.graphiql-query-editor .CodeMirror').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(subscription);
    await page.waitForFunction(
      (query) => (globalThis as unknown as BrowserGlobals).localStorage.getItem('graphiql:query') === query,
      subscription,
    );
    // The analyst is in no tasking group: the subscription is refused, with the reason.
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.graphiql-response').filter({ hasText: 'not a member' }).waitFor({ timeout: 10_000 });

    // As the North JTG chair (a token pasted into the Headers tab), the same subscription goes live.
    await setHeaders(JSON.stringify({ Authorization: `Bearer ${await tokenFor('seed:north-chair')}` }));
    await page.locator('.graphiql-execute-button').click();
    const event = page.locator('.graphiql-response').filter({ hasText: 'CASE_OPENED' });
    const [{ id: groupId }] = await app.ownerSql<{ id: number }>("select id from tasking_group where code = 'NJTG'");
    for (let attempt = 1; ; attempt += 1) {
      const res = await app.gql(
        OpenCaseDocument,
        {
          input: {
            groupId: String(groupId),
            title: 'Seen in the browser',
            category: 'FLY_TIPPING',
            wardCode: 'E05012999',
            location: 'Browser Lane',
            riskLevel: 'LOW',
            leadAgencyId: '1',
          },
        },
        { authorization: `Bearer ${await tokenFor('seed:north-police')}` },
      );
      expect(res.body.errors).toBeUndefined();
      try {
        await event.waitFor({ timeout: 5_000 });
        break;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
    const shown: unknown = JSON.parse(await editorValue(page, '.graphiql-response'));
    expect(valueAt(shown, 'data', 'taskingGroupUpdates', 'type')).toBe('CASE_OPENED');
    expect(valueAt(shown, 'data', 'taskingGroupUpdates', 'case', 'title')).toBe('Seen in the browser');
    expect(valueAt(shown, 'data', 'taskingGroupUpdates', 'case', 'reference')).toMatch(/^NJTG-\d{4}-\d{4}$/);
    await page.close();
  });

  test('the Docs explorer shows the schema descriptions', async () => {
    const page = await openGraphiql('/graphiql');
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.waitFor({ state: 'visible' });
    await docs.getByRole('link', { name: 'Query', exact: true }).click();
    await docs.getByText("The borough's localities (North, Central, South), each with its wards.").waitFor();
    await docs.getByRole('link', { name: 'ward', exact: true }).click();
    await docs.getByRole('link', { name: 'Ward', exact: true }).first().click();
    await docs.getByText('An electoral ward: the unit of neighbourhood working.').waitFor();
    await page.close();
  });

  test("Export CSV downloads the query's one list with the Headers tab's token, and shows a refusal", async () => {
    const page = await openGraphiql('/graphql');
    const typeQuery = async (query: string) => {
      await page.locator('.graphiql-query-editor .CodeMirror').first().click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText(query);
      await page.waitForFunction((q) => (globalThis as unknown as BrowserGlobals).localStorage.getItem('graphiql:query') === q, query);
    };
    const button = page.locator('button[aria-label^="Export CSV"]');
    await typeQuery('query WardCodes { wards(first: 10) { nodes { code locality { name } } } }');
    const downloading = page.waitForEvent('download');
    await button.click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('WardCodes.csv');
    const csv: string[][] = parse(await readFile(await download.path(), 'utf8'));
    const [header, ...rows] = csv;
    expect(header).toEqual(['code', 'locality.name']);
    // Three pages of 10: every ward once.
    expect(new Set(rows.map((r) => r[0])).size).toBe(25);
    expect(rows).toHaveLength(25);

    await typeQuery('{ localities { name } wards { nodes { code } } }');
    const errorsBefore = { console: consoleErrors.length, requests: failedRequests.length };
    const shown = new Promise<string>((resolve) => {
      page.once('dialog', (dialog) => {
        resolve(dialog.message());
        void dialog.dismiss();
      });
    });
    await button.click();
    expect(await shown).toContain('holds 2: localities, wards.nodes');
    await page.close();
    // The refused export is the one 400 the browser reports; the page-wide check below expects no others.
    expect(failedRequests.splice(errorsBefore.requests)).toEqual([`${app.origin}/graphql/export: HTTP 400`]);
    expect(consoleErrors.splice(errorsBefore.console)).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
  });

  test('the page only talks to the hub and breaks no Content Security Policy', async () => {
    // One more full round (load, introspection, a query) so this test stands on its own.
    const page = await openGraphiql('/graphql');
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.graphiql-response').filter({ hasText: RESULT }).waitFor({ timeout: 10_000 });
    expect(await editorValue(page, '.graphiql-response')).toContain('"localities"');
    await page.close();

    const { origin } = app;
    const socketOrigin = origin.replace(/^http:/, 'ws:');
    const ownOrigin = (url: string) => url.startsWith(`${origin}/`) || url.startsWith(`${socketOrigin}/`) || url.startsWith('data:');
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !ownOrigin(url))).toEqual([]);
    // The assets GraphiQL needs really came from the hub.
    for (const asset of ['graphiql.js', 'graphiql.css', 'react.js', 'react-dom.js', 'graphql-ws.js', 'init.js']) {
      expect(requested).toContain(`${origin}/graphiql/assets/${asset}`);
    }
    expect(consoleErrors.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
  });

  test('/graphiql serves the page; a JSON GET without a query is a GraphQL request, not the page', async () => {
    const page = await fetch(`${app.origin}/graphiql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>Partnership Data Hub · GraphiQL</title>');
    for (const [asset, type] of [
      ['graphiql.js', 'text/javascript'],
      ['graphiql.css', 'text/css'],
      ['react.js', 'text/javascript'],
      ['react-dom.js', 'text/javascript'],
      ['graphql-ws.js', 'text/javascript'],
      ['init.js', 'text/javascript'],
    ]) {
      const res = await fetch(`${app.origin}/graphiql/assets/${asset}`);
      expect([asset, res.status, res.headers.get('content-type')?.split(';')[0]]).toEqual([asset, 200, type]);
      await res.arrayBuffer();
    }

    const res = await fetch(app.url, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-type')).not.toMatch(/html/);
    const body = (await res.json()) as { errors?: { message: string }[] };
    expect(body.errors?.length).toBeGreaterThan(0);
  });
});
