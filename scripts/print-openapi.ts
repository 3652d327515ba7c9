/**
 * `npm run openapi:print`: writes openapi.json and client/rest/schema.ts from the route table.
 * test/openapi/openapi.document.test.ts fails when either committed file differs from this output.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CLIENT_SCHEMA_FILE, OPENAPI_FILE, renderClientSchema, renderOpenApiFile } from './openapi-artifacts.js';

for (const [file, render] of [
  [OPENAPI_FILE, renderOpenApiFile],
  [CLIENT_SCHEMA_FILE, renderClientSchema],
] as const) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, await render());
  process.stdout.write(`wrote ${file}\n`);
}
