import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Whether an IP address is this machine's loopback: 127.0.0.0/8, ::1, or 127.x written as an
 * IPv4-mapped IPv6 address (how a dual-stack socket reports an IPv4 peer). Anything else, including
 * the wildcard addresses 0.0.0.0 and ::, is reachable from other machines.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.split('.')[0] === '127';
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}

/** Whether a HOST setting listens only on loopback: `localhost` or a loopback address. */
export function isLoopbackHost(host: string): boolean {
  return host.toLowerCase() === 'localhost' || isLoopbackAddress(host.replace(/^\[(.*)\]$/, '$1'));
}

/**
 * Whether the browser asking is on this machine: only then may a page carry a development token. A
 * request from another machine, or one a proxy passed on (the proxy's own connection is loopback, so
 * its forwarding headers give it away), is not.
 */
export function fromThisMachine(req: Pick<IncomingMessage, 'headers' | 'socket'>): boolean {
  if (req.headers.forwarded !== undefined || req.headers['x-forwarded-for'] !== undefined || req.headers['x-real-ip'] !== undefined)
    return false;
  return isLoopbackAddress(req.socket.remoteAddress);
}
