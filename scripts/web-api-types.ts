// The web client's API types, generated from the server's OpenAPI document by openapi-typescript.
// Shared by scripts/gen-web-api-types.ts (writes the file) and test/web/api-types.test.ts (fails
// when the committed file no longer matches the routes' zod schemas).
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';
import { buildOpenApiDocument } from '../src/http/openapi.document.js';

/** Where the generated types live, relative to the repository root. */
export const WEB_API_TYPES_PATH = 'src/web/client/api/openapi.d.ts';

const HEADER = `${COMMENT_HEADER.trimEnd()}
// Regenerate with \`npm run gen:api-types\` after changing a route's schema; test/web/api-types.test.ts
// fails while this file is stale. Use it through ./shapes.ts.

`;

/** The generated file's text for `document`, by default the one the app serves now. */
export async function renderWebApiTypes(document?: Record<string, unknown>): Promise<string> {
  document ??= await buildOpenApiDocument();
  // immutable: the client never changes what the API returned, and readonly catches it if it tries.
  const ast = await openapiTS(document as unknown as OpenAPI3, { immutable: true, silent: true });
  return HEADER + astToString(ast);
}
