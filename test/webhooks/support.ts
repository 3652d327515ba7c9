import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { setAdminRole } from '../../src/modules/admin/admin-role.js';
import type { TestApp } from '../support/app.js';
import { gql, signUpVerified } from '../support/http.js';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: { type: string; timestamp: string; data: Record<string, unknown> };
}

/** What the receiver answers; `hang` never answers (the socket stays open until close()). */
export type Answer = number | 'hang';

/** A local webhook receiver (node:http on port 0) that records every request. */
export interface Receiver {
  url: string;
  received: Received[];
  /** The answer to the next requests, in order; then `otherwise`. */
  answers: Answer[];
  otherwise: Answer;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const open = new Set<import('node:net').Socket>();
  const receiver: Receiver = {
    url: '',
    received: [],
    answers: [],
    otherwise: 204,
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      receiver.received.push({ headers: req.headers, body, json: JSON.parse(body) });
      const answer = receiver.answers.shift() ?? receiver.otherwise;
      if (answer === 'hang') return;
      res.writeHead(answer).end();
    });
  });
  server.on('connection', (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}

/** Waits (polling) until `check` returns something truthy; fails the test after `ms`. */
export async function eventually<T>(check: () => T | Promise<T>, ms = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A verified account made administrator (as `npm run admin:grant` does); returns its token. */
export async function adminToken(t: TestApp): Promise<string> {
  const admin = await signUpVerified(t);
  await setAdminRole(t.db.prisma, admin.email, true);
  return admin.token;
}

export const CREATE_ENDPOINT = `mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { id secret }
}`;

/** Creates an endpoint through GraphQL as `token`; fails the test otherwise. */
export async function createEndpoint(
  t: TestApp,
  token: string,
  url: string,
  eventTypes: string[],
): Promise<{ id: string; secret: string }> {
  const reply = await gql(t.app, CREATE_ENDPOINT, { input: { url, eventTypes } }, { token });
  expect(reply.body.errors, reply.text).toBeUndefined();
  return reply.body.data.createWebhookEndpoint;
}

/** The messages received of one type. */
export const ofType = (receiver: Receiver, type: string) => receiver.received.filter((r) => r.json.type === type);
