import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { policyTable } from '../../src/graphql/policy/policy-table.js';
import { schema } from '../../src/graphql/schema.js';

// Operators read the policies in docs/field-policies.md: a table that lies about a rate limit or
// who may call a field is worse than none. It is generated; this fails when it was not re-run.

describe('docs/field-policies.md', () => {
  it('is what `npm run docs:policies` prints from the current schema', async () => {
    const file = fileURLToPath(new URL('../../docs/field-policies.md', import.meta.url));
    const expected = await format(policyTable(schema), { ...(await resolveConfig(file)), filepath: file });
    expect(readFileSync(file, 'utf8'), 'run `npm run docs:policies`').toBe(expected);
  });
});
