import { readdirSync, readFileSync } from 'node:fs';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, parse, print } from 'graphql';
import { describe, expect, expectTypeOf, it } from 'vitest';
// By name, as a frontend imports it: resolved through the npm workspace link to client/.
import * as client from '@cloud-accounts/client';
import {
  ClientKeysDocument,
  CreateClientKeyDocument,
  EnableTwoFactorDocument,
  EventsDocument,
  GraphQLRequestError,
  graphql,
  LoginDocument,
  MeDocument,
  request,
  SessionsDocument,
  SetupTwoFactorDocument,
  SignUpDocument,
  VerifyEmailDocument,
  type MeQuery,
  type RequestOptions,
} from '@cloud-accounts/client';
import { lastMailValue, useTestApp } from '../support/app.js';
import { PASSWORD, uniqueEmail } from '../support/http.js';
import { totpCode } from '../support/two-factor.js';

const t = useTestApp();
const endpoint = 'http://localhost/graphql';
// The package's request() over the app in-process; everything else is what a frontend runs.
const inProcess: RequestOptions['fetch'] = (url, init) =>
  t.app.fetch(new Request(url, init), { clientIp: '127.0.0.1' });
function call<Result, Variables>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  options: RequestOptions = {},
): Promise<Result> {
  return request(endpoint, document, variables, { fetch: inProcess, ...options });
}

/** Signs up and verifies through the package's documents; returns the email. */
async function newVerifiedAccount(): Promise<{ id: string; email: string }> {
  const email = uniqueEmail('client');
  const { signUp } = await call(SignUpDocument, { input: { email, password: PASSWORD, displayName: 'Ann Client' } });
  expect(signUp).toMatchObject({ email, verifiedAt: null });
  await expect(call(LoginDocument, { username: email, password: PASSWORD })).rejects.toMatchObject({
    code: 'UserNotVerified',
  });
  const token = lastMailValue(t.config, email, 'Verification token');
  expect(await call(VerifyEmailDocument, { user: signUp.id, token })).toEqual({ verifyEmail: true });
  return { id: signUp.id, email };
}

describe('@cloud-accounts/client', () => {
  it('signs up, verifies, logs in and reads me with typed documents', async () => {
    const { id, email } = await newVerifiedAccount();
    const { login } = await call(LoginDocument, { username: email, password: PASSWORD });
    const { me } = await call(MeDocument, {}, { token: login.accessToken });
    expect(me).toMatchObject({ id, email, displayName: 'Ann Client', twofaEnabled: false });
    expect(me.verifiedAt).not.toBeNull();
    expectTypeOf(me).toEqualTypeOf<MeQuery['me']>();
  });

  it('surfaces the service error code and message', async () => {
    const { email } = await newVerifiedAccount();
    const failure = await call(LoginDocument, { username: email, password: 'Wrong-Horse-Battery-9' }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(GraphQLRequestError);
    expect(failure).toMatchObject({ code: 'InvalidCredentials', status: expect.any(Number) });
    expect((failure as GraphQLRequestError).message).not.toBe('');
    await expect(call(MeDocument, {})).rejects.toMatchObject({ code: 'Unauthenticated' });
  });

  it('logs in with two-factor, lists sessions, client keys and paged events', async () => {
    const { email } = await newVerifiedAccount();
    const first = await call(LoginDocument, { username: email, password: PASSWORD });
    const token = first.login.accessToken;
    const { setupTwoFactor } = await call(SetupTwoFactorDocument, {}, { token });
    const { enableTwoFactor } = await call(
      EnableTwoFactorDocument,
      { code: totpCode(setupTwoFactor.secret) },
      { token },
    );
    expect(enableTwoFactor.recoveryCodes.length).toBeGreaterThan(0);

    await expect(call(LoginDocument, { username: email, password: PASSWORD })).rejects.toMatchObject({
      code: 'TwoFactorRequired',
    });
    const twofa = enableTwoFactor.recoveryCodes[0]!;
    const { login } = await call(LoginDocument, { username: email, password: PASSWORD, twofa });
    const auth = { token: login.accessToken };

    const { sessions } = await call(SessionsDocument, {}, auth);
    expect(sessions.find((session) => session.current)?.method).toBe('password_2fa');
    const { createClientKey } = await call(CreateClientKeyDocument, {}, auth);
    const { clientKeys } = await call(ClientKeysDocument, {}, auth);
    expect(clientKeys.map((key) => key.id)).toContain(createClientKey.clientId);

    // Audit events are written in batches; write this account's now so there are pages to read.
    await t.app.services.events.flush();
    const page = await call(EventsDocument, { first: 1 }, auth);
    expect(page.events.edges).toHaveLength(1);
    expect(page.events.pageInfo.hasNextPage).toBe(true);
    const next = await call(EventsDocument, { first: 1, after: page.events.pageInfo.endCursor }, auth);
    expect(next.events.edges[0]?.node.id).not.toBe(page.events.edges[0]?.node.id);
  });

  it('holds one operation per document, each exported by name and found by graphql()', () => {
    const dir = new URL('../../client/operations/', import.meta.url);
    const files = readdirSync(dir).filter((file) => file.endsWith('.graphql'));
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const file of files) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      const document = parse(text);
      const { definitions } = document;
      expect(definitions, file).toHaveLength(1);
      const [operation] = definitions;
      expect(operation?.kind === Kind.OPERATION_DEFINITION && operation.name?.value).toBe(file.replace('.graphql', ''));
      const name = `${file.replace('.graphql', '')}Document` as keyof typeof client;
      expect(client[name], name).toBeTypeOf('object');
      // graphql() finds each document by its printed text: with several operations in one file,
      // every lookup but the first returned nothing.
      expect(graphql(print(document) as never)).toBe(client[name]);
    }
  });
});
