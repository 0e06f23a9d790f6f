import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../app/index.js';
import { authRoutes } from './auth.routes.js';
import { healthRoutes } from './health.routes.js';
import { metricsRoutes } from './metrics.routes.js';
import { tokenRoutes } from './token.routes.js';
import { userRoutes } from './user.routes.js';
import { companyRoutes } from './company.routes.js';
import { audienceRoutes } from './routes/audience.routes.js';
import { customerFileRoutes } from './routes/customer-files.routes.js';
import { customerRoutes } from './routes/customers.routes.js';
import { groupRoutes } from './routes/groups.routes.js';
import { suppressionRoutes } from './routes/suppressions.routes.js';
import { accountRoutes } from './routes/accounts.routes.js';
import { dkimRoutes } from './routes/dkim.routes.js';
import { holidayRoutes } from './routes/holidays.routes.js';
import { smsApprovalRoutes } from './routes/sms-approval.routes.js';
import { inboxRoutes } from './routes/inbox.routes.js';
import { repRoutes } from './routes/rep.routes.js';
import { inboxCampaignRoutes } from './routes/inbox-campaigns.routes.js';
import { templateRoutes } from './routes/templates.routes.js';
import { templateEditorRoutes } from './routes/template-editor.routes.js';
import { templateVersionRoutes } from './routes/template-versions.routes.js';
import { campaignRoutes } from './routes/campaigns.routes.js';
import { campaignEstimateRoutes } from './routes/campaign-estimate.routes.js';
import { campaignComplaintRoutes } from './routes/campaign-complaints.routes.js';
import { walletRoutes } from './routes/wallet.routes.js';
import { smsAccountEditRoutes } from './routes/sms-account-edit.routes.js';
import { smsRoutes } from './routes/sms-webhooks.routes.js';
import { trackingRoutes } from './routes/tracking.routes.js';
import { unsubscribeRoutes } from './routes/unsubscribe.routes.js';
import { overviewRoutes } from './routes/overview.routes.js';
import { webRoutes } from './web/web.routes.js';

/** Route plugins registered by `buildApi`, each given the app context. */
export const ROUTE_PLUGINS: readonly FastifyPluginAsync<{ context: AppContext }>[] = [
  healthRoutes,
  metricsRoutes,
  authRoutes,
  userRoutes,
  tokenRoutes,
  companyRoutes,
  customerRoutes,
  customerFileRoutes,
  audienceRoutes,
  groupRoutes,
  suppressionRoutes,
  templateRoutes,
  templateEditorRoutes,
  templateVersionRoutes,
  inboxRoutes,
  repRoutes,
  inboxCampaignRoutes,
  holidayRoutes,
  accountRoutes,
  dkimRoutes,
  unsubscribeRoutes,
  trackingRoutes,
  smsRoutes,
  campaignRoutes,
  campaignEstimateRoutes,
  campaignComplaintRoutes,
  overviewRoutes,
  walletRoutes,
  smsAccountEditRoutes,
  smsApprovalRoutes,
  // Last: its `/*` catch-all serves the UI's page shell for deep links.
  webRoutes,
];
