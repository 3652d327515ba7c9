import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { DomainError } from '../../shared/errors.js';
import { isPublicAddress } from './http-post.js';

/**
 * Refuses a webhook URL that is not http(s), or whose host is or resolves to an address that is
 * not public unicast (loopback, private, link-local such as cloud metadata at 169.254.169.254,
 * unique-local, multicast, …): an administrator's URL must not let the service probe its own
 * network. Checked at creation; delivery checks again, in the socket's own DNS lookup (http-post.ts), since
 * DNS can change in between (rebinding). `allowPrivate` (WEBHOOK_ALLOW_PRIVATE_URLS) skips the address check, for local
 * testing. Resolves with the parsed URL.
 */
export async function assertDeliverableUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DomainError('WebhookUrlRefused', { message: 'The webhook URL is not a valid URL.' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DomainError('WebhookUrlRefused', { message: 'The webhook URL must start with http:// or https://.' });
  }
  if (url.username || url.password) {
    throw new DomainError('WebhookUrlRefused', { message: 'The webhook URL must not carry credentials.' });
  }
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (ipaddr.isValid(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch {
      throw new DomainError('WebhookUrlRefused', { message: 'The webhook URL host does not resolve.' });
    }
  }
  if (addresses.length === 0 || !addresses.every(isPublicAddress)) {
    throw new DomainError('WebhookUrlRefused', {
      message: 'The webhook URL reaches a private, loopback or link-local address.',
    });
  }
  return url;
}
