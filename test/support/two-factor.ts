import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Secret, TOTP } from 'otpauth';
import { vi } from 'vitest';
import { createHttpServer } from '../../src/http/server.js';
import type { TestApp } from './app.js';
import { lastMailValue, mailsTo } from './app.js';
import { rest } from './http.js';

/** The code an authenticator app shows for `secret`, `steps` periods from now. */
export function totpCode(secret: string, steps = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + steps * 30_000 });
}

/**
 * Moves the clock (Date only; timers and performance.now keep running) `steps` TOTP periods
 * ahead, so a test can spend more than one fresh code. Undo with vi.useRealTimers().
 */
export function shiftClock(steps: number): void {
  vi.setSystemTime(Date.now() + steps * 30_000);
}

export interface TwoFactorOn {
  secret: string;
  uri: string;
  recoveryCodes: string[];
}

/** Turns 2FA on through the GreenCloud-style paths; the enabling code spends the current step. */
export async function enableTwoFactor(t: TestApp, token: string): Promise<TwoFactorOn> {
  const setup = await rest(t.app, 'POST', '/api/auth/2FA', { token });
  if (setup.status !== 200) throw new Error(`2FA setup failed: ${setup.status} ${setup.text}`);
  const enabled = await rest(t.app, 'POST', '/api/auth/verify2FA', {
    token,
    body: { code: totpCode(setup.body.seed) },
  });
  if (enabled.status !== 200) throw new Error(`2FA enable failed: ${enabled.status} ${enabled.text}`);
  return { secret: setup.body.seed, uri: setup.body.uri, recoveryCodes: enabled.body.recoveryCodes };
}

/** Asks for a reset code over REST and returns the one mailed (the mail is sent off the request path). */
export async function requestResetCode(t: TestApp, email: string): Promise<string> {
  const before = mailsTo(t.config, email).length;
  const reply = await rest(t.app, 'POST', '/api/user/resetPassword', { body: { email } });
  if (reply.status !== 204) throw new Error(`reset request failed: ${reply.status} ${reply.text}`);
  await t.app.services.background.drain();
  if (mailsTo(t.config, email).length !== before + 1) throw new Error(`no reset mail reached ${email}`);
  return lastMailValue(t.config, email, 'Reset code');
}

export interface SocketReply {
  status: number;
  body: any;
  text: string;
}

/**
 * One request over a real socket through src/http/server.ts, for what fetch cannot send: a GET
 * with a JSON body, as GreenCloud documents for setting a password.
 */
export async function overSocket(
  t: TestApp,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<SocketReply> {
  const server = createHttpServer(t.app, '');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return await new Promise<SocketReply>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          headers: {
            ...headers,
            ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = undefined;
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, text });
          });
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
