import { z } from 'zod';
import { CompanyProfilePatchSchema, readCompanyProfile, updateCompanyProfile } from '../modules/company/index.js';
import { privateErrorResponses } from './api.schemas.js';
import { defineRoutes } from './define-routes.js';

const CompanyProfileSchema = z.object({
  name: z.string(),
  address: z.string(),
  logo: z.string().nullable().describe('a data:image/… URL, or null for none'),
  timeZone: z.string().describe('IANA time zone, e.g. Asia/Shanghai'),
  language: z.enum(['zh-CN', 'en']),
  smsSignature: z.string(),
});

/** The company profile: everyone signed in reads it (screens show it), admins change it. */
export const companyRoutes = defineRoutes(async (app, context) => {
  const tags = ['company'];
  app.get(
    '/api/company',
    { config: { permission: 'session:self' }, schema: { tags, summary: 'The company profile', response: { 200: CompanyProfileSchema, ...privateErrorResponses } } },
    async () => readCompanyProfile(context.store.db, context.config.TIDINGS_DEFAULT_TIMEZONE),
  );

  app.put(
    '/api/company',
    {
      config: { permission: 'company:write' },
      schema: {
        tags,
        summary: 'Change the company profile (only the fields sent)',
        body: CompanyProfilePatchSchema,
        response: { 200: CompanyProfileSchema, ...privateErrorResponses },
      },
    },
    async (request) => updateCompanyProfile(context.store.db, request.body, context.clock.now(), context.config.TIDINGS_DEFAULT_TIMEZONE),
  );
});
