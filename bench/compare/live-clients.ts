/**
 * A process of websocket subscribers for the live part of `npm run bench:compare` (live.ts forks
 * it, so the subscribers' CPU is not the server's). Speaks graphql-ws's protocol by hand (lighter
 * than its client, and the same code for the hub and the raw broadcast floor), and records, per
 * subscriber, the case ids of the events it received and when (epoch milliseconds from
 * `performance`, comparable across processes on one machine).
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/** One subscriber to open: where, signed in how, subscribed to what. */
export interface ClientSpec {
  url: string;
  /** The connection_init payload (the hub's authorization), or none for the raw floor. */
  init?: Record<string, unknown>;
  /** The subscribe payload; none for the raw floor, which sends without being asked. */
  subscribe?: { query: string; variables: Record<string, unknown> };
}

export type ToClients = { type: 'connect'; specs: ClientSpec[]; concurrency: number } | { type: 'report' } | { type: 'close' };

export type FromClients =
  | { type: 'connected'; ms: number; failed: number; errors: string[] }
  | { type: 'report'; received: number[][]; times: number[]; errors: string[] };

const now = () => performance.timeOrigin + performance.now();

/** The case id of a graphql-ws `next` message, or undefined (an error, or no case). */
function caseIdOf(message: string): number | undefined {
  const m = /"case":\{"id":"(\d+)"\}/.exec(message);
  return m ? Number(m[1]) : undefined;
}

function main(): void {
  const sockets: WebSocket[] = [];
  const received: number[][] = [];
  // Flat [caseId, subscriber, at, …]: small to keep, and to send back.
  const times: number[] = [];
  const errors: string[] = [];
  const send = (m: FromClients) => process.send?.(m);

  const open = (spec: ClientSpec, index: number): Promise<boolean> =>
    new Promise((resolve) => {
      const ws = new WebSocket(spec.url, 'graphql-transport-ws', { perMessageDeflate: false });
      sockets[index] = ws;
      received[index] = [];
      let ready = false;
      const timer = setTimeout(() => {
        if (!ready) resolve(false);
      }, 60_000);
      ws.on('open', () => {
        if (spec.init) ws.send(JSON.stringify({ type: 'connection_init', payload: spec.init }));
        else {
          ready = true;
          clearTimeout(timer);
          resolve(true);
        }
      });
      ws.on('message', (data: Buffer) => {
        const text = data.toString();
        if (!ready && text.includes('"connection_ack"')) {
          ready = true;
          clearTimeout(timer);
          if (spec.subscribe) ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: spec.subscribe }));
          resolve(true);
          return;
        }
        const at = now();
        const caseId = caseIdOf(text);
        if (caseId !== undefined) {
          received[index].push(caseId);
          times.push(caseId, index, at);
        } else if (errors.length < 20) errors.push(text.slice(0, 300));
      });
      ws.on('error', (err) => {
        if (errors.length < 20) errors.push(String(err));
      });
      ws.on('close', (code, reason) => {
        if (errors.length < 20 && code !== 1000) errors.push(`closed ${code} ${String(reason)}`);
        clearTimeout(timer);
        resolve(ready);
      });
    });

  process.on('message', (m: ToClients) => {
    if (m.type === 'connect') {
      const t0 = now();
      let next = 0;
      let failed = 0;
      const worker = async () => {
        while (next < m.specs.length) {
          const i = next++;
          if (!(await open(m.specs[i], i))) failed += 1;
        }
      };
      void Promise.all(Array.from({ length: m.concurrency }, worker)).then(() => {
        send({ type: 'connected', ms: now() - t0, failed, errors: errors.slice(0, 5) });
      });
    } else if (m.type === 'report') {
      send({ type: 'report', received, times, errors: errors.slice(0, 5) });
    } else {
      for (const ws of sockets) ws.terminate();
      setTimeout(() => process.exit(0), 100);
    }
  });
}

main();
