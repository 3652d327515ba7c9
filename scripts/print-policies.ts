import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { policyTable } from '../src/graphql/policy/policy-table.js';
import { schema } from '../src/graphql/schema.js';

// Writes docs/field-policies.md from the built schema; test/policy/field-policies.docs.test.ts
// fails when it is stale. Formatted as `prettier --check` expects it.
const target = fileURLToPath(new URL('../docs/field-policies.md', import.meta.url));
const options = await resolveConfig(target);
writeFileSync(target, await format(policyTable(schema), { ...options, filepath: target }));
process.stdout.write('docs/field-policies.md written\n');
