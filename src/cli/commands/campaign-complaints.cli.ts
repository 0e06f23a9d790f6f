import type { Command } from 'commander';
import { campaignComplaintReport, complaintLimitOf, type CampaignComplaintReport } from '../../modules/sending/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import { withContext } from '../cli-context.js';
import { printResult, type CliIo } from '../io.js';

const percent = (rate: number): string => `${(rate * 100).toFixed(2)} %`;

/** The report as lines: the campaign's rate, its mailbox's, and the bound that pauses campaigns. */
export function formatComplaintReport(r: CampaignComplaintReport): string {
  const lines = [`campaign ${r.campaignId}: ${percent(r.campaign.rate)} (${r.campaign.complaints} complaint(s) of ${r.campaign.delivered} delivered)`];
  if (r.account) {
    lines.push(`mailbox ${r.account.mailAccountId}, all campaigns: ${percent(r.account.rate)} (${r.account.complaints} complaint(s) of ${r.account.delivered} delivered)`);
  }
  lines.push(`a running campaign pauses above ${percent(r.limit.maxRate)} once ${r.limit.minDelivered} message(s) were delivered`);
  return lines.join('\n');
}

/**
 * Adds `tidings campaign complaints <id>`: the same report as GET /api/campaigns/{id}/complaints,
 * from the same sending-module function.
 */
export function registerCampaignComplaints(campaign: Command, io: CliIo): void {
  campaign
    .command('complaints <id>')
    .description('spam-complaint rate of the campaign and of its sending mailbox')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      if (!/^\d+$/.test(id)) throw new TidingsError('VALIDATION_FAILED', `expected a campaign id (a number), got "${id}"`);
      const report = await withContext(io, (context) => campaignComplaintReport(context.store.db, Number(id), complaintLimitOf(context.config)));
      printResult(io, o.json, report, formatComplaintReport);
    });
}
