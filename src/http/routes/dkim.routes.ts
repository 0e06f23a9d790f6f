import { z } from 'zod';
import { generateDkimKeyFor, getDkimKey, importDkimKeyFor, listDkimKeys, removeDkimKey } from '../../modules/accounts/index.js';
import { defineRoutes } from '../define-routes.js';
import { dataErrorResponses, EpochMs } from '../schemas/common.schemas.js';

/** A DKIM key as the API shows it: public parts only; the private key is write-only. */
const DkimKeySchema = z.object({
  domain: z.string(),
  selector: z.string(),
  publicKey: z.string().describe('base64 SubjectPublicKeyInfo, the p= of the TXT record'),
  dns: z.object({
    name: z.string().describe('e.g. s2027._domainkey.example.com.'),
    type: z.literal('TXT'),
    value: z.string().describe('the record text as one string, for DNS control panels'),
    zoneLine: z.string().describe('a zone-file line, the text split into strings of at most 255 characters'),
  }),
  createdAt: EpochMs,
});

const DkimCreateSchema = z.strictObject({
  domain: z.string().min(1).max(253).describe('the sender domain (after the @ of the From address)'),
  selector: z.string().min(1).max(120).describe('the DNS selector, e.g. tidings2027'),
  privateKeyPem: z.string().min(1).max(20_000).optional().describe('import this RSA private key (PEM); absent: a new RSA-2048 key is generated'),
  replace: z.boolean().default(false).describe("replace the domain's existing key (rotation)"),
});

const DomainParams = z.strictObject({ domain: z.string().min(1).max(253) });

/**
 * DKIM signing keys per sender domain (`tidings account dkim …`). Reading the public parts needs
 * accounts:read; creating, importing and removing keys is for admins (users:admin), since a key
 * signs for the whole domain. No response ever carries a private key.
 */
export const dkimRoutes = defineRoutes(async (app, context) => {
  const { db } = context.store;
  const { secrets } = context;
  const read = { permission: 'accounts:read' as const };
  const admin = { permission: 'users:admin' as const };
  const tags = ['accounts'];

  app.get('/api/dkim-keys', { config: read, schema: { tags, summary: 'DKIM keys per sender domain (public parts and DNS record)', response: { 200: z.array(DkimKeySchema), ...dataErrorResponses } } }, async () =>
    listDkimKeys(db),
  );

  app.get(
    '/api/dkim-keys/:domain',
    { config: read, schema: { tags, summary: "One domain's DKIM key and the TXT record to publish", params: DomainParams, response: { 200: DkimKeySchema, ...dataErrorResponses } } },
    async (request) => getDkimKey(db, request.params.domain),
  );

  app.post(
    '/api/dkim-keys',
    {
      config: admin,
      schema: {
        tags,
        summary: "Generate (or import) a domain's DKIM key; mail from that domain is signed from then on. Returns the TXT record to publish",
        body: DkimCreateSchema,
        response: { 201: DkimKeySchema, ...dataErrorResponses },
      },
    },
    async (request, reply) => {
      const { domain, selector, privateKeyPem, replace } = request.body;
      const key = privateKeyPem
        ? await importDkimKeyFor(db, secrets, { domain, selector, privateKeyPem }, { replace })
        : await generateDkimKeyFor(db, secrets, { domain, selector }, { replace });
      return reply.code(201).send(key);
    },
  );

  app.delete(
    '/api/dkim-keys/:domain',
    { config: admin, schema: { tags, summary: "Remove a domain's DKIM key (its mail goes out unsigned)", params: DomainParams, response: { 204: z.undefined(), ...dataErrorResponses } } },
    async (request, reply) => {
      await removeDkimKey(db, request.params.domain);
      return reply.code(204).send();
    },
  );
});
