import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import ipaddr from 'ipaddr.js';

export interface PostResult {
  /** The response status, or undefined when no response came. */
  status?: number;
  /** A few words on what went wrong, for the message row and the log; never the response body. */
  error?: string;
}

/** Longest response body read (then dropped): receivers answer with a status, not a document. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs `body` and resolves with the status; never rejects. Unless `allowPrivate`, the address the
 * socket connects to is checked in the socket's own DNS lookup, so a host that resolved to a public
 * address when checked and to a private one now (DNS rebinding) is refused at connect time.
 */
export function postWebhook(
  url: URL,
  headers: Record<string, string>,
  body: string,
  { timeoutMs, allowPrivate }: { timeoutMs: number; allowPrivate: boolean },
): Promise<PostResult> {
  return new Promise((resolve) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
        lookup: allowPrivate ? undefined : publicOnlyLookup,
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        res.on('close', () => resolve({ status: res.statusCode }));
        res.on('error', () => resolve({ status: res.statusCode }));
      },
    );
    // A whole-request deadline as well as the socket idle timeout: a receiver trickling bytes
    // must not hold the message past its lease.
    const deadline = setTimeout(() => req.destroy(new Error('timeout')), timeoutMs);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: describe(error) }));
    req.on('close', () => clearTimeout(deadline));
    req.end(body);
  });
}

function describe(error: NodeJS.ErrnoException): string {
  if (error.message === 'timeout') return 'timed out';
  if (error.code === 'EPRIVATEADDRESS') return 'refused: the host resolves to a private address';
  return error.code ? `connection failed (${error.code})` : 'connection failed';
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses as LookupAddress[];
    if (list.length === 0 || !list.every((entry) => isPublicAddress(entry.address))) {
      const refused: NodeJS.ErrnoException = new Error('private address');
      refused.code = 'EPRIVATEADDRESS';
      return callback(refused, []);
    }
    if (options.all) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
}

/** Public unicast only: not loopback, private, link-local, unique-local, multicast, reserved… */
export function isPublicAddress(address: string): boolean {
  let parsed = ipaddr.parse(address);
  // ::ffff:127.0.0.1 is 127.0.0.1.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}
