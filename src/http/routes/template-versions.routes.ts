import { z } from 'zod';
import { TemplateRepository, versionVariants } from '../../modules/templates/index.js';
import { IdParamsSchema } from '../api.schemas.js';
import { defineRoutes } from '../define-routes.js';
import { dataErrorResponses } from '../schemas/common.schemas.js';

const VersionInfoSchema = z.object({
  id: z.number().int().describe('the template version id (what campaigns store)'),
  version: z.number().int().describe('its number within the template'),
  templateId: z.number().int(),
  templateName: z.string(),
  channel: z.enum(['email', 'sms']),
  current: z.boolean().describe("it is the template's current version"),
  languages: z.array(z.string()).describe('its language variants, the default first; each customer gets the one of their language'),
});

/**
 * Which template a version id belongs to: campaigns store only the version id, and the campaign page
 * names the template in one request. Readable by whoever may read templates or campaigns.
 */
export const templateVersionRoutes = defineRoutes(async (app, context) => {
  const repository = new TemplateRepository({ db: context.store.db });
  app.get(
    '/api/template-versions/:id',
    {
      config: { permission: ['templates:read', 'campaigns:read'] },
      schema: {
        tags: ['templates'],
        summary: 'A template version by id: its number and the name of its template',
        params: IdParamsSchema,
        response: { 200: VersionInfoSchema, ...dataErrorResponses },
      },
    },
    async (request) => {
      const { template, version } = await repository.getVersion(request.params.id);
      const rows = (await repository.listVariants([Number(version.id)])).get(Number(version.id)) ?? [];
      const languages = versionVariants(template, version, rows).variants.map((v) => v.language);
      return { id: version.id, version: version.version, templateId: template.id, templateName: template.name, channel: template.channel, current: template.current_version === version.version, languages };
    },
  );
});
