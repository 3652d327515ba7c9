import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from '../src/graphql/schema.js';

// Writes schema.graphql from the Pothos schema; test/db/schema-drift.test.ts fails when it is stale.
writeFileSync(new URL('../schema.graphql', import.meta.url), `${printSchema(schema)}\n`);
process.stdout.write('schema.graphql written\n');
