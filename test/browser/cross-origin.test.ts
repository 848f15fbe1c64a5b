import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { MyNameDocument, OpenCaseDocument } from '../generated/graphql';
import { launchChromium } from '../support/browser';
import { startTestApp, type TestApp } from '../support/app';
import { tokenFor } from '../support/auth';
import { useCleanup } from '../support/cleanup';

// A partner's dashboard as a browser runs it: a page on another loopback origin (another port) that
// queries the hub with a bearer token and subscribes over graphql-ws, using graphql-ws's own browser
// build. CORS_ORIGINS lists that origin only; the same page from a second origin must get nothing.

const GRAPHQL_WS_BUILD = path.join(path.dirname(require.resolve('graphql-ws/package.json')), 'umd', 'graphql-ws.min.js');
const SUBSCRIPTION = 'subscription { taskingGroupUpdates(locality: "North") { type case { title } } }';

// The page's own script: what a dashboard does, and a record of what it saw for the test to read.
const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Partner dashboard</title><link rel="icon" href="data:,"></head>
<body>
<script src="/graphql-ws.js"></script>
<script>
  window.seen = { events: [], socketErrors: [], closes: [], connected: false };
  window.query = async function (url, token, query) {
    try {
      var res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: 'Bearer ' + token },
        body: JSON.stringify({ query: query }),
      });
      return { status: res.status, requestId: res.headers.get('x-request-id'), body: await res.json() };
    } catch (err) {
      return { failed: String(err) };
    }
  };
  window.subscribe = function (url, token, query) {
    var client = graphqlWs.createClient({
      url: url,
      retryAttempts: 0,
      connectionParams: { authorization: 'Bearer ' + token },
      on: {
        connected: function () { window.seen.connected = true; },
        closed: function (event) { window.seen.closes.push(event.code); },
      },
    });
    client.subscribe({ query: query }, {
      next: function (value) { window.seen.events.push(value); },
      error: function (err) { window.seen.socketErrors.push(err && err.type ? 'event:' + err.type : String(err)); },
      complete: function () {},
    });
  };
</script>
</body>
</html>
`;

/** What the page's script records (the tests compile without the DOM lib). */
interface Seen {
  events: { data?: { taskingGroupUpdates?: { type: string; case: { title: string } } }; errors?: unknown[] }[];
  socketErrors: string[];
  closes: number[];
  connected: boolean;
}
/** Written out in each function the page runs: a function sent to the page takes nothing of the test's scope with it. */
interface PageGlobals {
  seen: Seen;
  query(
    url: string,
    token: string,
    query: string,
  ): Promise<{ status?: number; requestId?: string | null; body?: unknown; failed?: string }>;
  subscribe(url: string, token: string, query: string): void;
}

/** A loopback server for the dashboard page and graphql-ws's browser build; resolves with its origin. */
async function pageServer(cleanup: (release: () => unknown) => void): Promise<string> {
  const server = http.createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else if (req.url === '/graphql-ws.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      fs.createReadStream(GRAPHQL_WS_BUILD).pipe(res);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let hub: TestApp;
let browser: Browser;
let allowed: string;
let other: string;
const cleanup = useCleanup();

beforeAll(async () => {
  allowed = await pageServer(cleanup);
  other = await pageServer(cleanup);
  hub = await startTestApp({ CORS_ORIGINS: allowed });
  cleanup(() => hub.close());
  browser = await launchChromium();
  cleanup(() => browser.close().catch(() => {}));
}, 60_000);

/** Opens the dashboard page at `origin` in a fresh context; `messages` collects its console errors. */
async function openDashboard(origin: string, messages: string[]): Promise<Page> {
  const context = await browser.newContext();
  cleanup(() => context.close().catch(() => {}));
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') messages.push(message.text());
  });
  page.on('pageerror', (error) => void messages.push(`pageerror: ${error.message}`));
  const response = await page.goto(`${origin}/`);
  expect(response?.status()).toBe(200);
  await page.waitForFunction(() => typeof (globalThis as unknown as { graphqlWs?: unknown }).graphqlWs === 'object');
  return page;
}

/** Opens a North case as the North police officer, so the North groups' subscribers get CASE_OPENED. */
async function openNorthCase(title: string): Promise<void> {
  const [{ id: groupId }] = await hub.ownerSql<{ id: number }>("select id from tasking_group where code = 'NJTG'");
  const res = await hub.gql(
    OpenCaseDocument,
    {
      input: {
        groupId: String(groupId),
        title,
        category: 'FLY_TIPPING',
        wardCode: 'E05012999',
        location: 'Cross Origin Lane',
        riskLevel: 'LOW',
        leadAgencyId: '1',
      },
    },
    { authorization: `Bearer ${await tokenFor('seed:north-police')}` },
  );
  expect(res.body.errors).toBeUndefined();
}

describe('a page on another origin', () => {
  test('on CORS_ORIGINS, queries the hub with a bearer token and gets live updates over graphql-ws', async () => {
    const messages: string[] = [];
    const page = await openDashboard(allowed, messages);
    const token = await tokenFor('seed:north-chair');

    const answer = await page.evaluate(([url, t]) => (globalThis as unknown as PageGlobals).query(url, t, '{ me { name } }'), [
      hub.url,
      token,
    ] as const);
    expect(answer.failed).toBeUndefined();
    expect(answer.status).toBe(200);
    // The token went through: the hub answered as the North chair, exactly as it does a server's request.
    const expected = await hub.gqlAs('seed:north-chair', MyNameDocument, {});
    expect(expected.body.data?.me.name).toEqual(expect.any(String));
    expect(answer.body).toEqual({ data: expected.body.data });
    // An exposed header: the page can quote the request's id in a report.
    expect(answer.requestId).toMatch(/\S/);

    await page.evaluate(
      ([url, t, q]) => {
        (globalThis as unknown as PageGlobals).subscribe(url, t, q);
      },
      [hub.url.replace(/^http:/, 'ws:'), token, SUBSCRIPTION] as const,
    );
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).seen.connected, undefined, { timeout: 10_000 });
    // The page cannot tell when the hub has the subscription running: if the first case came too
    // early to be seen, open another.
    for (let attempt = 1; ; attempt += 1) {
      await openNorthCase(`Seen from another origin ${attempt}`);
      try {
        await page.waitForFunction(() => (globalThis as unknown as PageGlobals).seen.events.length > 0, undefined, { timeout: 5_000 });
        break;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
    const seen = await page.evaluate(() => (globalThis as unknown as PageGlobals).seen);
    expect(seen.socketErrors).toEqual([]);
    expect(seen.events[0].errors).toBeUndefined();
    expect(seen.events[0].data?.taskingGroupUpdates).toEqual({
      type: 'CASE_OPENED',
      case: { title: expect.stringMatching(/^Seen from another origin \d$/) },
    });
    expect(messages).toEqual([]);
    await page.close();
  });

  test('not on CORS_ORIGINS, gets no answer to its query and no websocket', async () => {
    const messages: string[] = [];
    const page = await openDashboard(other, messages);
    const token = await tokenFor('seed:north-chair');

    const answer = await page.evaluate(([url, t]) => (globalThis as unknown as PageGlobals).query(url, t, '{ me { name } }'), [
      hub.url,
      token,
    ] as const);
    expect(answer).toEqual({ failed: expect.stringMatching(/^TypeError: Failed to fetch/) });

    await page.evaluate(
      ([url, t, q]) => {
        (globalThis as unknown as PageGlobals).subscribe(url, t, q);
      },
      [hub.url.replace(/^http:/, 'ws:'), token, SUBSCRIPTION] as const,
    );
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).seen.closes.length > 0, undefined, { timeout: 10_000 });
    const seen = await page.evaluate(() => (globalThis as unknown as PageGlobals).seen);
    expect(seen.connected).toBe(false);
    expect(seen.events).toEqual([]);
    // A refused handshake is an abnormal closure to the page: no close frame, no GraphQL at all.
    expect(seen.closes).toEqual([1006]);
    // The browser says why, in its console: the preflight and the websocket handshake were refused.
    expect(messages.some((m) => /blocked by CORS policy/.test(m) && m.includes(other))).toBe(true);
    expect(messages.some((m) => /WebSocket connection to .* failed/.test(m) && /403/.test(m))).toBe(true);
    await page.close();
  });
});
