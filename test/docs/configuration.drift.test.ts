import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIGURATION_DOC, renderConfigurationDoc, settings } from '../../scripts/print-config-docs.js';

describe('docs/configuration.md', () => {
  it('describes every setting in src/config.ts', () => {
    const undocumented = settings()
      .filter((s) => !s.description)
      .map((s) => s.name);
    expect(undocumented, 'add .describe("…") to these settings in src/config.ts').toEqual([]);
  });

  it('is what `npm run docs:config` writes from the config schema', async () => {
    const committed = readFileSync(CONFIGURATION_DOC, 'utf8');
    expect(committed, 'docs/configuration.md is stale: run `npm run docs:config`').toBe(await renderConfigurationDoc());
  });

  it('lists every setting with its default', () => {
    const committed = readFileSync(CONFIGURATION_DOC, 'utf8');
    for (const { name } of settings()) expect(committed).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
    expect(committed).toMatch(/^\| `RATE_LIMIT_LOGIN` +\| `60\/60` +\|/m);
    expect(committed).toMatch(/^\| `PUBLIC_URL` +\| `http:\/\/localhost:\$PORT` +\|/m);
  });
});
