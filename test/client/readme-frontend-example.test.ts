import { describe, expect, it } from 'vitest';
import { readmeFrontendExample, typeErrors } from './typecheck.js';

// The README's frontend example is compiled against @cloud-accounts/client's sources, so it
// cannot drift from the package. Independent of the database: the pglite project runs it.
describe.skipIf(process.env.TEST_DB === 'postgres')('README frontend example', { timeout: 120_000 }, () => {
  const example = readmeFrontendExample();

  it('imports @cloud-accounts/client, logs in and reads me', () => {
    expect(example).toContain("from '@cloud-accounts/client'");
    expect(example).toMatch(/request\(endpoint, LoginDocument/);
    expect(example).toMatch(/request\(endpoint, MeDocument/);
  });

  it('typechecks', () => {
    expect(typeErrors(example)).toEqual([]);
  });

  it('would fail on a field or variable the schema does not have', () => {
    const wrongField = example.replace('me.email', 'me.emailAddress');
    expect(wrongField).not.toBe(example);
    expect(typeErrors(wrongField).join('\n')).toContain("'emailAddress' does not exist");
    const wrongVariable = example.replace('username: email', 'user: email');
    expect(wrongVariable).not.toBe(example);
    expect(typeErrors(wrongVariable).join('\n')).toContain("'user'");
  });
});
