import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type { App } from '../../src/app.js';
import { createHttpServer } from '../../src/http/server.js';
import { useTestApp, type TestApp } from '../support/app.js';
import { rest, type Reply } from '../support/http.js';
import type { Key } from '../client-keys/support.js';

/**
 * A test app on a real socket whose PUBLIC_URL is its own address, so the issuer and endpoints
 * the metadata advertises are the ones a client can reach. The port is taken first; the app is
 * built with it after.
 */
export function useOAuthServer(env: Record<string, string> = {}): TestApp & { issuer(): string } {
  let server: Server | undefined;
  let port = 0;
  beforeAll(async () => {
    const proxy = { fetch: (request, context) => t.app.fetch(request, context) } as App;
    server = createHttpServer(proxy, '');
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  const t = useTestApp(() => ({ PUBLIC_URL: `http://127.0.0.1:${port}`, ...env }));
  return Object.assign(Object.create(t) as TestApp, { issuer: () => `http://127.0.0.1:${port}` });
}

export interface FormOptions {
  /** Client credentials as HTTP Basic (client_secret_basic). */
  basic?: Key;
  /** Client credentials in the form (client_secret_post). */
  post?: Key;
  headers?: Record<string, string>;
  /** A raw body instead of the encoded parameters. */
  raw?: string;
  method?: string;
  clientIp?: string;
}

/** One form-encoded OAuth call through app.fetch, in-process. */
export async function oauth(
  app: App,
  path: string,
  params: Record<string, string> = {},
  options: FormOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...options.headers };
  if (options.basic) {
    const { clientId, clientSecret } = options.basic;
    // RFC 6749 section 2.3.1: the id and secret are form-encoded before the Basic encoding.
    const encoded = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(encoded).toString('base64')}`;
  }
  const form = new URLSearchParams(params);
  if (options.post) {
    form.set('client_id', options.post.clientId);
    form.set('client_secret', options.post.clientSecret);
  }
  const method = options.method ?? 'POST';
  const body = method === 'GET' || method === 'HEAD' ? undefined : (options.raw ?? form.toString());
  return rest(app, method, path, { headers, body, clientIp: options.clientIp });
}
