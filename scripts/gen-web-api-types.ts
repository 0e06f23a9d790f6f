// Writes the web client's API types from the app's OpenAPI document, built in-process (no server,
// no database): `npm run gen:api-types`.
import { writeFileSync } from 'node:fs';
import { renderWebApiTypes, WEB_API_TYPES_PATH } from './web-api-types.js';

writeFileSync(WEB_API_TYPES_PATH, await renderWebApiTypes());
console.log(`wrote ${WEB_API_TYPES_PATH}`);
