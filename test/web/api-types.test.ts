// The web client's API types are generated from the OpenAPI document the server builds from its
// zod schemas (scripts/web-api-types.ts). A route schema changed without regenerating leaves the
// committed file stale: this test regenerates it in memory and compares.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWebApiTypes, WEB_API_TYPES_PATH } from '../../scripts/web-api-types.js';
import { buildOpenApiDocument } from '../../src/http/openapi.document.js';

/** The first line where two texts differ, for a failure message a person can act on. */
function firstDifference(committed: string, fresh: string): string | null {
  const a = committed.split('\n');
  const b = fresh.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if (a[i] !== b[i]) return `line ${i + 1}: committed ${JSON.stringify(a[i] ?? '<end of file>')}, generated ${JSON.stringify(b[i] ?? '<end of file>')}`;
  }
  return null;
}

describe('generated web API types', () => {
  let document: Record<string, unknown>;
  let committed: string;
  beforeAll(async () => {
    document = await buildOpenApiDocument();
    committed = readFileSync(WEB_API_TYPES_PATH, 'utf8');
  }, 120_000);

  it(`${WEB_API_TYPES_PATH} matches the routes' schemas (else: npm run gen:api-types)`, async () => {
    const fresh = await renderWebApiTypes(document);
    expect(fresh).toContain('"/api/customers/{id}/timeline"');
    expect(firstDifference(committed, fresh), 'the committed types are stale: run `npm run gen:api-types` and commit the file').toBeNull();
  }, 60_000);

  it('a changed response schema changes the generated file', async () => {
    const changed = structuredClone(document) as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: { items: { properties: Record<string, unknown> } } }> }> } }> };
    const entry = changed.paths['/api/customers/{id}/timeline']!.get.responses['200']!.content['application/json']!.schema.items;
    entry.properties.openedAt = { type: 'number' };
    const fresh = await renderWebApiTypes(changed);
    expect(firstDifference(committed, fresh)).toMatch(/openedAt/);
  }, 60_000);
});
