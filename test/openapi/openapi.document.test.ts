import { readFileSync } from 'node:fs';
import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { routes } from '../../src/rest/routes.js';
import { oauthEndpointDocs } from '../../src/modules/oauth/oauth.openapi.js';
import { OAUTH_PATHS } from '../../src/modules/oauth/metadata.js';
import {
  CLIENT_SCHEMA_FILE,
  OPENAPI_FILE,
  renderClientSchema,
  renderOpenApiFile,
} from '../../scripts/openapi-artifacts.js';
import { openApiPath } from '../../src/openapi/rest-endpoints.js';
import { useTestApp } from '../support/app.js';
import { rest } from '../support/http.js';

const t = useTestApp({ PUBLIC_URL: 'https://accounts.example.com' });

type Doc = { openapi: string; servers?: { url: string }[]; paths: Record<string, Record<string, any>> };

const served = async (): Promise<Doc> => {
  const reply = await rest(t.app, 'GET', '/openapi.json');
  expect(reply.status).toBe(200);
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
  return reply.body as Doc;
};

const operationsOf = (doc: Doc) =>
  Object.entries(doc.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document (@readme/openapi-parser)', async () => {
    const doc = await served();
    expect(doc.openapi).toMatch(/^3\.1\./);
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : result.errors, 'validation errors').toEqual([]);
    expect(result.specification).toBe('OpenAPI');
  });

  it('names PUBLIC_URL as its server', async () => {
    expect((await served()).servers).toEqual([{ url: 'https://accounts.example.com' }]);
  });

  it('describes every REST route, each OAuth and well-known endpoint and /healthz, and nothing else', async () => {
    const expected = [
      ...routes.map((route) => `${route.method} ${openApiPath(route.path)}`),
      `POST ${OAUTH_PATHS.token}`,
      `POST ${OAUTH_PATHS.introspect}`,
      `POST ${OAUTH_PATHS.revoke}`,
      `GET ${OAUTH_PATHS.metadata}`,
      'GET /.well-known/jwks.json',
      'GET /healthz',
    ].sort();
    expect(operationsOf(await served())).toEqual(expected);
    expect(oauthEndpointDocs).toHaveLength(5);
  });

  it('documents the error answers of each REST route: 400 always, 401 where a credential is checked', async () => {
    const doc = await served();
    for (const route of routes) {
      const op = doc.paths[openApiPath(route.path)]![route.method.toLowerCase()];
      const label = `${route.method} ${route.path}`;
      expect(op.responses['400'], label).toBeDefined();
      expect(op.responses['400'].content['application/json'].schema, label).toEqual({
        $ref: '#/components/schemas/Error',
      });
      if (route.auth !== 'none') expect(op.responses['401'], label).toBeDefined();
      expect(Object.keys(op.responses), label).toContain(String(route.status ?? 200));
      expect(op.tags, label).toEqual([route.tag]);
    }
    // Rate-limited paths say so, with Retry-After.
    expect(doc.paths['/auth']!.post.responses['429'].headers['Retry-After']).toBeDefined();
  });

  it('declares bearer auth for Bloq and GreenCloud tokens and HTTP Basic for OAuth clients', async () => {
    const doc = (await served()) as Doc & { components: { securitySchemes: Record<string, any> } };
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.clientBasic).toMatchObject({ type: 'http', scheme: 'basic' });
    expect(doc.paths['/users/me']!.get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths[OAUTH_PATHS.token]!.post.security).toEqual([{ clientBasic: [] }, {}]);
    expect(Object.keys(doc.paths[OAUTH_PATHS.token]!.post.requestBody.content)).toEqual([
      'application/x-www-form-urlencoded',
    ]);
  });
});

describe('the committed files', () => {
  it('openapi.json is what `npm run openapi:print` writes', async () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8'), 'openapi.json is stale: run `npm run openapi:print`').toBe(
      await renderOpenApiFile(),
    );
  });

  it('client/rest/schema.ts is what `npm run openapi:print` writes', async () => {
    expect(
      readFileSync(CLIENT_SCHEMA_FILE, 'utf8'),
      'client/rest/schema.ts is stale: run `npm run openapi:print`',
    ).toBe(await renderClientSchema());
  });
});
