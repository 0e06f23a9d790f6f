import { updateSmsAccount } from '../../modules/accounts/index.js';
import { sendTestSms } from '../../modules/sending/index.js';
import { defineRoutes } from '../define-routes.js';
import { IdParamsSchema } from '../api.schemas.js';
import { dataErrorResponses } from '../schemas/common.schemas.js';
import { SmsAccountPatchSchema, SmsAccountSchema, smsAccountBody, SmsTestMessageSchema, SmsTestResultSchema } from '../schemas/account.schemas.js';

/** Editing an SMS account (secrets never returned; blank keeps them) and sending it a test message. */
export const smsAccountEditRoutes = defineRoutes(async (app, context) => {
  const { db } = context.store;
  const { secrets, config } = context;
  const guard = { allowPrivateHosts: config.TIDINGS_ALLOW_PRIVATE_HOSTS };
  const tags = ['accounts'];

  app.patch(
    '/api/sms-accounts/:id',
    {
      config: { permission: 'accounts:write' },
      schema: {
        tags,
        summary: 'Edit an SMS account; credentials left blank keep the stored ones (never shown)',
        params: IdParamsSchema,
        body: SmsAccountPatchSchema,
        response: { 200: SmsAccountSchema, ...dataErrorResponses },
      },
    },
    async (request) => smsAccountBody(await updateSmsAccount(db, secrets, request.params.id, request.body, guard, context.clock)),
  );

  app.post(
    '/api/sms-accounts/:id/test-message',
    {
      config: { permission: 'accounts:write' },
      schema: {
        tags,
        summary: 'Send one test message to a number you type; billed like any message',
        params: IdParamsSchema,
        body: SmsTestMessageSchema,
        response: { 200: SmsTestResultSchema, ...dataErrorResponses },
      },
    },
    async (request) => {
      const sent = await sendTestSms({ db, secrets, guard }, { account: request.params.id, to: request.body.to, text: request.body.text });
      return { to: sent.to, text: sent.text, parts: sent.parts, priceMinor: sent.priceMinor, costMinor: sent.costMinor, balanceMinor: sent.balanceMinor, providerMessageId: sent.providerMessageId };
    },
  );
});
