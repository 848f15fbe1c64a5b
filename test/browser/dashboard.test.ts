import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { CreateTrustedOnlyApiKeyDocument, OpenCaseDocument } from '../generated/graphql';
import { DATA_VERSION_MAX_AGE_MS } from '../../src/modules/documents/documents.version';
import { projectRoot } from '../../src/paths';
import { launchChromium } from '../support/browser';
import { startTestApp, type TestApp } from '../support/app';
import { tokenFor } from '../support/auth';
import { DASHBOARD_USER_ID } from '../support/callers';
import { useCleanup } from '../support/cleanup';
import { runImportCommand } from '../support/commands';
import { byHash, registered } from '../support/documents';

/**
 * The borough dashboard as a council officer meets it: opened in a real browser from the hub alone,
 * signed in with an API key that may send only trusted documents, its hex map checked hex by hex
 * against the graph, recoloured by an indicator, and an import arriving live. Screenshots go to
 * .data/screenshots (git-ignored) for a person to look at.
 */

const SCREENSHOTS = path.join(projectRoot(), '.data', 'screenshots');

let app: TestApp;
let browser: Browser;
let page: Page;
let apiKey = '';
const cleanup = useCleanup();
const requested: string[] = [];
const pageErrors: string[] = [];
/** Each GET the page sent to the hub: the If-None-Match it carried and the ETag it got back. */
const revalidations: { sent: string | undefined; etag: string | undefined }[] = [];

interface WardCards {
  localities: { wards: { code: string; profile: { deprivation: { rankInBorough: number; wardsRanked: number } | null } }[] }[];
}
interface Comparisons {
  localities: {
    wards: {
      code: string;
      indicators: {
        indicator: { id: number; name: string };
        sex: string;
        latest: { value: number | null } | null;
        comparedToBorough: string;
      }[];
    }[];
  }[];
}

/** What the graph says, asked as the analyst would in GraphiQL (the same registered documents). */
async function graph<T>(name: string): Promise<T> {
  const answer = await app.post({ extensions: byHash(registered(name).hash) });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data as T;
}

interface HexElement {
  getAttribute(name: string): string | null;
}

/** Every hex on the page: ward code → its category. */
async function hexCategories(): Promise<Record<string, string>> {
  // Runs in the page; the tests compile without the DOM lib, so the element is described by what is used of it.
  const hexes = await page
    .locator('.hex')
    .evaluateAll((nodes) =>
      nodes.map((n) => [
        (n as unknown as HexElement).getAttribute('data-code'),
        (n as unknown as HexElement).getAttribute('data-category'),
      ]),
    );
  return Object.fromEntries(hexes) as Record<string, string>;
}

async function screenshot(name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `dashboard-${name}.png`), fullPage: true });
}

beforeAll(async () => {
  app = await startTestApp();
  cleanup(() => app.close());
  const issued = await app.gqlAs('seed:admin', CreateTrustedOnlyApiKeyDocument, {
    userId: String(DASHBOARD_USER_ID),
    label: 'Borough dashboard',
  });
  apiKey = issued.body.data!.createApiKey.key;
  browser = await launchChromium();
  cleanup(() => browser.close().catch(() => {}));
  const context = await browser.newContext({ viewport: { width: 1400, height: 1100 } });
  context.on('request', (request) => void requested.push(request.url()));
  context.on('response', (response) => {
    if (!response.url().includes('/graphql?')) return;
    void (async () => {
      const sent = await response.request().headerValue('if-none-match');
      revalidations.push({ sent: sent ?? undefined, etag: (await response.headerValue('etag')) ?? undefined });
    })();
  });
  page = await context.newPage();
  page.on('websocket', (socket) => void requested.push(socket.url()));
  page.on('pageerror', (error) => void pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
}, 60_000);

describe('the borough dashboard at /dashboard', () => {
  it('asks for a credential, then draws the 25 wards coloured by deprivation as the graph ranks them', async () => {
    const response = await page.goto(`${app.origin}/dashboard`);
    expect(response?.status()).toBe(200);
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    await page.fill('#token', apiKey);
    await page.click('#sign-in button');
    await page.locator('.locality-tile').first().waitFor({ timeout: 20_000 });
    await page.locator('#crime-trend svg').first().waitFor({ timeout: 20_000 });

    const cards = await graph<WardCards>('WardCards');
    const wards = cards.localities.flatMap((l) => l.wards);
    expect(wards).toHaveLength(25);
    // The page's rule, read from its legend: fifths of the borough by rank, 1 the most deprived.
    const expected = Object.fromEntries(
      wards.map((w) => {
        const d = w.profile.deprivation;
        return [w.code, d ? `DEPRIVATION_FIFTH_${Math.min(5, Math.ceil((d.rankInBorough / d.wardsRanked) * 5))}` : 'NO_VALUE'];
      }),
    );
    expect(await hexCategories()).toEqual(expected);
    expect(await page.locator('.locality-tile').count()).toBe(3);
    expect(await page.locator('#map-caption').textContent()).toMatch(/illustrative hex cartogram/i);
    await screenshot('deprivation');
  });

  it('recolours the map by an indicator, Better/Similar/Worse against the borough as the graph compares them', async () => {
    const comparisons = await graph<Comparisons>('IndicatorComparisons');
    const wards = comparisons.localities.flatMap((l) => l.wards);
    const options = await page
      .locator('#colour-by option')
      .evaluateAll((nodes) => nodes.map((n) => (n as unknown as { value: string }).value));
    const indicatorOptions = options.filter((o) => o !== 'deprivation');
    expect(indicatorOptions.length).toBeGreaterThan(3);
    // One with a real spread of comparisons, so a wrong colour rule cannot pass by luck.
    const pick =
      indicatorOptions.find((key) => {
        const categories = new Set(wards.map((w) => w.indicators.find((r) => `${r.indicator.id}:${r.sex}` === key)?.comparedToBorough));
        return categories.size >= 2;
      }) ?? indicatorOptions[0];
    await page.selectOption('#colour-by', pick);
    const expected = Object.fromEntries(
      wards.map((w) => {
        const result = w.indicators.find((r) => `${r.indicator.id}:${r.sex}` === pick);
        return [w.code, !result || result.latest?.value == null ? 'NO_VALUE' : result.comparedToBorough];
      }),
    );
    expect(await hexCategories()).toEqual(expected);
    expect(new Set(Object.values(expected)).size).toBeGreaterThanOrEqual(2);
    await screenshot('indicator');
  });

  it('shows an import as it arrives, and reloads its figures', async () => {
    await page.locator('#live-who').filter({ hasText: 'data loads' }).waitFor({ timeout: 10_000 });
    // On the hub's own bus (PostgreSQL's, as the test hub has no REDIS_URL), as an operator's import would be.
    const imported = await runImportCommand(
      { DATABASE_URL: app.db.url, REDIS_URL: '' },
      'housing',
      path.join(projectRoot(), 'test/fixtures/housing/good.csv'),
    );
    expect(imported.code).toBe(0);
    const item = page.locator('#live-log li.live-data').first();
    await item.waitFor({ timeout: 15_000 });
    expect(await item.textContent()).toMatch(/New data: housing/);
    await screenshot('live');
  });

  it('revalidates open data on a reload (If-None-Match with the ETag it was given)', async () => {
    const reload = async () => {
      revalidations.length = 0;
      await page.reload();
      await page.locator('.hex').first().waitFor({ timeout: 20_000 });
      await page.locator('#crime-trend svg').first().waitFor({ timeout: 20_000 });
      await new Promise((r) => setTimeout(r, 500));
    };
    // A hub that missed the import's wake-up reads the data's version again within DATA_VERSION_MAX_AGE_MS;
    // past that, the first reload refreshes any tag given before it did, and the second finds everything current.
    await new Promise((r) => setTimeout(r, DATA_VERSION_MAX_AGE_MS + 500));
    await reload();
    await reload();
    const tagged = revalidations.filter((r) => r.etag);
    expect(tagged.length).toBeGreaterThanOrEqual(5);
    // Unchanged data: the browser sends the tag it holds and the hub confirms it (a 304, shown by the browser as its cached 200).
    expect(tagged.filter((r) => r.sent !== r.etag)).toEqual([]);
  });

  it("shows a signed-in tasking group member their groups' updates as they happen", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1100 } });
    cleanup(() => context.close().catch(() => {}));
    context.on('request', (request) => void requested.push(request.url()));
    const chairToken = await tokenFor('seed:north-chair');
    // As if the chair had signed in on this tab before.
    await context.addInitScript((token) => {
      (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem(
        'hub-dashboard-token',
        token,
      );
    }, chairToken);
    const chairPage = await context.newPage();
    chairPage.on('websocket', (socket) => void requested.push(socket.url()));
    chairPage.on('pageerror', (error) => void pageErrors.push(error.message));
    await chairPage.goto(`${app.origin}/dashboard`);
    await chairPage.locator('#live-who').filter({ hasText: 'your groups in North' }).waitFor({ timeout: 20_000 });
    const [{ id: groupId }] = await app.ownerSql<{ id: number }>("select id from tasking_group where name = 'North Joint Tasking Group'");
    const opened = await app.gqlAs('seed:north-chair', OpenCaseDocument, {
      input: {
        groupId: String(groupId),
        title: 'Fly-tipping seen on the dashboard',
        category: 'FLY_TIPPING',
        wardCode: 'E05012999',
        location: 'Dashboard Lane',
        riskLevel: 'LOW',
        leadAgencyId: '1',
      },
    });
    expect(opened.body.errors).toBeUndefined();
    const reference = opened.body.data!.openCase.reference;
    const item = chairPage.locator('#live-log li.live-group').filter({ hasText: reference });
    await item.waitFor({ timeout: 15_000 });
    expect(await item.textContent()).toMatch(/North Joint Tasking Group: case opened .*Fly-tipping seen on the dashboard/);
    await chairPage.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-chair.png'), fullPage: true });
  });

  it('sent every request to the hub itself, and met no error', () => {
    const origins = new Set(requested.map((url) => new URL(url.replace(/^ws/, 'http')).origin));
    expect([...origins]).toEqual([app.origin]);
    expect(pageErrors).toEqual([]);
  });
});
