import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { z } from 'zod';
import { ensureGroupPath, exportCustomers, getGroup, importCustomers, parseFilter, parseMapOptions } from '../../modules/customers/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import { defineRoutes } from '../define-routes.js';
import { dataErrorResponses, IdSchema, queryFlag } from '../schemas/common.schemas.js';
import { ErrorSchema } from '../api.schemas.js';

/** Largest CSV upload accepted by default (a million customers is roughly 150 MB). */
export const DEFAULT_IMPORT_LIMIT = 256 * 1024 * 1024;

/** Content types the import route reads as a raw file; JSON routes keep refusing them (415). */
const UPLOAD_TYPES = ['text/csv', 'application/octet-stream'];

const ImportQuerySchema = z.strictObject({
  dryRun: queryFlag.describe('check and count, write nothing'),
  encoding: z.enum(['auto', 'utf8', 'gbk', 'gb18030', 'utf16le']).default('auto'),
  onDuplicate: z.enum(['skip', 'update']).default('skip').describe('a row whose email/phone exists: skip it or update that customer'),
  map: z
    .union([z.string().max(300), z.array(z.string().max(300)).max(200)])
    .optional()
    .describe('repeatable: "城市=custom.city", "联络方式=phone", "备用=ignore"'),
  group: z.string().max(500).optional().describe('put every imported customer in this static group (path A/B; created if missing)'),
  maxErrors: z.coerce.number().int().min(0).max(10_000).default(100).describe('errors listed in the response (counts stay exact)'),
});

const ImportResultSchema = z.object({
  imported: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  errors: z.array(z.object({ row: z.number().int().describe('line in the file; the header is line 1'), column: z.string(), reason: z.string() })),
  errorsTruncated: z.boolean(),
  ignoredColumns: z.array(z.string()),
  columns: z
    .array(z.object({ header: z.string(), target: z.string().describe('name, email, phone, …, custom.<name>[:type] or ignore') }))
    .describe('each header cell in file order and where it goes; send back edited pairs as `map`'),
  encoding: z.string(),
  dryRun: z.boolean(),
});

const ExportQuerySchema = z.strictObject({
  bom: queryFlag.describe('start with a UTF-8 BOM so Excel shows Chinese correctly'),
  query: z.string().max(200).optional(),
  groupId: IdSchema.optional(),
  filter: z.string().max(20_000).optional().describe('a customer filter as JSON'),
});

/**
 * Copies the upload to `path`, failing with API_BODY_TOO_LARGE past `max` bytes. The request
 * stream is not destroyed on the way out: Node discards the unread rest after the response, so
 * the client gets the 413 instead of a reset connection.
 */
async function saveUpload(body: Readable, path: string, max: number): Promise<void> {
  const out = createWriteStream(path, { mode: 0o600 });
  let seen = 0;
  try {
    for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      seen += chunk.length;
      if (seen > max) throw new TidingsError('API_BODY_TOO_LARGE', `The CSV file is larger than ${max} bytes; split it into smaller files.`);
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await finished(out);
  } catch (error) {
    out.destroy();
    throw error;
  }
}

/** Options of {@link customerFileRoutesWith}. */
export interface CustomerFileRoutesOptions {
  /** Largest upload in bytes (default {@link DEFAULT_IMPORT_LIMIT}). */
  readonly maxImportBytes?: number;
}

/**
 * CSV import (upload) and export (download) of customers, as `tidings customers import/export`.
 * The upload is streamed to a private temp file (the importer reads files; it detects the
 * encoding from the bytes), never buffered whole; the download streams page by page.
 */
export function customerFileRoutesWith(options: CustomerFileRoutesOptions = {}) {
  const maxBytes = options.maxImportBytes ?? DEFAULT_IMPORT_LIMIT;
  return defineRoutes(async (app, context) => {
    const { db } = context.store;
    const region = context.config.TIDINGS_DEFAULT_REGION;
    const timeZone = context.config.TIDINGS_DEFAULT_TIMEZONE;
    const tags = ['customers'];

    // Encapsulated in this plugin: only these routes take raw files; the stream goes to the handler.
    app.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));

    app.post(
      '/api/customers/import',
      {
        config: { permission: 'customers:write' },
        schema: {
          tags,
          summary: 'Import customers from a CSV upload (body: the file, Content-Type text/csv or application/octet-stream)',
          description: `UTF-8 or GBK/GB18030 (detected), headers like 姓名,手机,邮箱,生日,公司,分组 or name,mobile,email. At most ${maxBytes} bytes.`,
          querystring: ImportQuerySchema,
          response: { 200: ImportResultSchema, ...dataErrorResponses, 413: ErrorSchema, 415: ErrorSchema },
        },
      },
      async (request) => {
        const body: unknown = request.body;
        if (!(body instanceof Readable)) {
          throw new TidingsError('API_UNSUPPORTED_MEDIA_TYPE', 'Send the CSV file itself as the body with Content-Type text/csv or application/octet-stream.');
        }
        const declared = Number(request.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          throw new TidingsError('API_BODY_TOO_LARGE', `The CSV file is larger than ${maxBytes} bytes; split it into smaller files.`);
        }
        const q = request.query;
        const map = parseMapOptions(q.map === undefined ? [] : typeof q.map === 'string' ? [q.map] : q.map, 'querystring.map');
        const dir = await mkdtemp(join(tmpdir(), 'tidings-import-'));
        try {
          const file = join(dir, 'upload.csv');
          await saveUpload(body, file, maxBytes);
          const groupIds = q.group && !q.dryRun ? [await ensureGroupPath(db, q.group)] : [];
          return await importCustomers(db, file, {
            region,
            encoding: q.encoding,
            onDuplicate: q.onDuplicate,
            dryRun: q.dryRun ?? false,
            map,
            groupIds,
            maxErrors: q.maxErrors,
          });
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    );

    app.get(
      '/api/customers/export',
      {
        config: { permission: 'customers:export' },
        schema: {
          tags,
          summary: 'Download customers as CSV (streamed; formula cells neutralised)',
          querystring: ExportQuerySchema,
          produces: ['text/csv'],
          response: { 200: z.string().describe('CSV, CRLF line ends; headers match the importer'), ...dataErrorResponses },
        },
      },
      async (request, reply) => {
        const { bom, query, groupId, filter } = request.query;
        // Everything that can fail for the caller's input fails now, before the 200 goes out.
        if (groupId !== undefined) await getGroup(db, groupId);
        const parsed = filter === undefined ? undefined : parseFilter(filter);
        const out = new PassThrough();
        exportCustomers(db, out, { bom: bom ?? false, query, groupId, filter: parsed, timeZone, region }).catch((error: unknown) => {
          request.log.error({ err: error }, 'customer export failed mid-stream');
          out.destroy(error instanceof Error ? error : new Error(String(error)));
        });
        const day = context.clock.date().toISOString().slice(0, 10);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="customers-${day}.csv"`)
          // A stream bypasses the response serializer; the 200 schema documents it as text.
          .send(out as never);
      },
    );
  });
}

/** The import/export routes with the default upload limit, for ROUTE_PLUGINS. */
export const customerFileRoutes = customerFileRoutesWith();
