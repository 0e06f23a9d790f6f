// Writes docs/errors.md from the error registry: `npx tsx scripts/gen-error-docs.ts`.
// test/errors/codes.test.ts fails when a registered code is missing from the document.
import { writeFileSync } from 'node:fs';
import { ERROR_TABLES } from '../src/app/error-codes.js';

const lines = [
  '# Error codes',
  '',
  'Every error Tidings raises on purpose carries one of these stable codes (CLI: `error CODE: message`;',
  'API: `{ "error": { "code", "message" } }`). *Retry* says whether the same action may succeed later.',
  'Generated from the registry by `npx tsx scripts/gen-error-docs.ts`; do not edit by hand.',
  '',
];
for (const [module, table] of Object.entries(ERROR_TABLES)) {
  const entries = Object.entries(table);
  if (entries.length === 0) continue;
  lines.push(`## ${module}`, '', '| code | HTTP | retry | meaning |', '| --- | --- | --- | --- |');
  for (const [code, spec] of entries) {
    lines.push(`| \`${code}\` | ${spec.http} | ${spec.retryable ? 'yes' : 'no'} | ${spec.description.replace(/\|/g, '\\|')} |`);
  }
  lines.push('');
}
writeFileSync('docs/errors.md', lines.join('\n'));
