import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const repo = fileURLToPath(new URL('../..', import.meta.url));

/** The ```ts block of README.md's "Frontend" section. */
export function readmeFrontendExample(): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const section = /^## Frontend\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  const code = section && /^```ts\n([\s\S]*?)^```$/m.exec(section)?.[1];
  if (!code) throw new Error('README.md has no ```ts block under "## Frontend"');
  return code;
}

/**
 * Type errors of `source` as a module in test/client/, compiled with the repository's
 * tsconfig.json plus `overrides`; the file exists only in memory. Without Node's types: the
 * example is frontend code.
 */
export function typeErrors(source: string, overrides: ts.CompilerOptions = {}): string[] {
  const { config } = ts.readConfigFile(join(repo, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, repo);
  const compilerOptions = { ...options, types: [], ...overrides };
  const file = join(repo, 'test/client/readme-frontend-example.ts');
  const host = ts.createCompilerHost(compilerOptions);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  host.readFile = (name) => (name === file ? source : readFile(name));
  const program = ts.createProgram([file], compilerOptions, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}
