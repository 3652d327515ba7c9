import { vi } from 'vitest';
import type { TestApp } from './app.js';
import { gql, rest, type Reply } from './http.js';

export const WRONG_PASSWORD = 'Wrong!passw0rd';

/** POST /auth with HTTP Basic from `clientIp`. */
export function basicLogin(t: TestApp, username: string, password: string, clientIp: string): Promise<Reply> {
  return rest(t.app, 'POST', '/auth', { basic: { username, password }, clientIp });
}

/** `times` wrong-password logins from `clientIp`; returns the last answer. */
export async function failLogins(t: TestApp, username: string, clientIp: string, times: number): Promise<Reply> {
  let last: Reply | undefined;
  for (let i = 0; i < times; i++) last = await basicLogin(t, username, WRONG_PASSWORD, clientIp);
  return last!;
}

/** GraphQL login over POST /graphql from `clientIp`. */
export function graphqlLogin(t: TestApp, username: string, password: string, clientIp: string) {
  return gql(
    t.app,
    `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }`,
    { u: username, p: password },
    { clientIp },
  );
}

/** Retry-After in seconds, or undefined when absent. */
export function retryAfter(reply: Reply): number | undefined {
  const value = reply.headers.get('retry-after');
  return value === null ? undefined : Number(value);
}

/**
 * Moves Date (only: timers keep running) `seconds` ahead. The counters keep their expiry as
 * timestamps computed in the app, so this is how a test waits out a lockout or a quiet window
 * without sleeping. Undo with vi.useRealTimers().
 */
export function advanceClock(seconds: number): void {
  vi.setSystemTime(Date.now() + seconds * 1000);
}

/** A distinct client IP per call, so tests sharing an app never share per-IP counters. */
let ipCounter = 0;
export function freshIp(): string {
  ipCounter += 1;
  return `198.51.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}
