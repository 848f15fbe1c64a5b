/**
 * The floor for the live part of `npm run bench:compare`: a raw `ws` server that broadcasts each
 * event, already serialised once, to the sockets of its group, with none of the hub's work (no
 * authentication, outbox, GraphQL or database). live.ts forks it and tells it over IPC what to send;
 * subscribers connect with `?groups=1,2`.
 */
import http from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';

export type ToFloor = { type: 'emit'; groupId: number; message: string } | { type: 'close' };
export type FromFloor = { type: 'listening'; port: number; pid: number };

function main(): void {
  const byGroup = new Map<number, Set<WebSocket>>();
  const server = http.createServer();
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on('connection', (ws, req) => {
    const groups = (new URL(req.url ?? '/', 'http://x').searchParams.get('groups') ?? '').split(',').map(Number);
    for (const g of groups) {
      let set = byGroup.get(g);
      if (!set) byGroup.set(g, (set = new Set()));
      set.add(ws);
    }
    ws.on('close', () => {
      for (const g of groups) byGroup.get(g)?.delete(ws);
    });
  });
  process.on('message', (m: ToFloor) => {
    if (m.type === 'emit') {
      for (const ws of byGroup.get(m.groupId) ?? []) ws.send(m.message);
    } else {
      for (const ws of wss.clients) ws.terminate();
      server.close();
      setTimeout(() => process.exit(0), 100);
    }
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address && typeof address === 'object')
      process.send?.({ type: 'listening', port: address.port, pid: process.pid } satisfies FromFloor);
  });
}

main();
