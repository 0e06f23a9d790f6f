import { buildOverview, mySettings, saveMySettings } from '../../app/index.js';
import { requireUser } from '../../modules/users/index.js';
import { defineRoutes } from '../define-routes.js';
import { dataErrorResponses } from '../schemas/common.schemas.js';
import { MySettingsPatchSchema, MySettingsSchema, OverviewSchema } from '../schemas/overview.schemas.js';

/**
 * The overview page (what is due, for the caller's role) and each person's own settings (their
 * email and the morning digest). Anyone signed in; each section is scoped by the caller's role.
 */
export const overviewRoutes = defineRoutes(async (app, context) => {
  const self = { permission: 'session:self' as const };

  app.get(
    '/api/overview',
    {
      config: self,
      schema: {
        tags: ['overview'],
        summary: 'What is due: holidays ahead with their campaigns, your customers\' birthdays, campaigns running/scheduled/paused, replies waiting, SMS balance against scheduled sends',
        response: { 200: OverviewSchema, ...dataErrorResponses },
      },
    },
    async (request) => buildOverview(context, requireUser(request)),
  );

  app.get(
    '/api/me/settings',
    { config: self, schema: { tags: ['auth'], summary: 'Your own email and morning digest settings, and whether the digest goes out', response: { 200: MySettingsSchema, ...dataErrorResponses } } },
    async (request) => mySettings(context, requireUser(request).id),
  );

  app.patch(
    '/api/me/settings',
    {
      config: self,
      schema: { tags: ['auth'], summary: 'Change your own email and morning digest settings', body: MySettingsPatchSchema, response: { 200: MySettingsSchema, ...dataErrorResponses } },
    },
    async (request) => saveMySettings(context, requireUser(request).id, request.body),
  );
});
