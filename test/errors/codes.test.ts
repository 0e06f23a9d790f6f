import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_TABLES } from '../../src/app/index.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('error code registry', () => {
  it('has no code defined by two modules', () => {
    const seen = new Map<string, string>();
    for (const [module, table] of Object.entries(ERROR_TABLES)) {
      for (const code of Object.keys(table)) {
        expect(seen.get(code), `${code} is defined by ${seen.get(code)} and ${module}`).toBeUndefined();
        seen.set(code, module);
      }
    }
  });

  it('documents every code in docs/errors.md and describes it in its table', () => {
    const docs = readFileSync('docs/errors.md', 'utf8');
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      expect(spec.description.length, code).toBeGreaterThan(20);
      expect(docs, `docs/errors.md lacks ${code}`).toContain(`\`${code}\``);
    }
  });

  it('uses every code somewhere outside the tables', () => {
    const code = sourceFiles('src')
      .filter((file) => !file.endsWith('.errors.ts'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    for (const name of Object.keys(ERROR_CODES)) {
      expect(code.includes(`'${name}'`), `${name} is registered but never raised`).toBe(true);
    }
  });
});
