import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { findHoliday, localDateOf, nextOccurrences, parseScheduleSpec } from '../schedule/index.js';
import { templateApproval, type TemplateApproval } from '../sms-approval/index.js';

/** A holiday SMS campaign whose template will not be deliverable on the day unless someone acts. */
export interface ApprovalWarning {
  readonly campaignId: number;
  readonly campaignName: string;
  readonly holiday: { readonly key: string; readonly name: string; readonly nameEn: string };
  /** Calendar days from today to the day of the next send (0 = today), on the schedule's clock. */
  readonly inDays: number;
  /** When the next send is due (epoch ms). */
  readonly at: number;
  readonly status: TemplateApproval['status'];
  /** "中秋节 in 12 days, template still under review" (English). */
  readonly message: string;
  /** "中秋节还有 12 天，模板仍在审核中" (Chinese). */
  readonly messageZh: string;
}

const DAY = 86_400_000;

const WHAT: Record<string, { en: string; zh: string }> = {
  pending: { en: 'template still under review', zh: '模板仍在审核中' },
  rejected: { en: 'template rejected by the provider', zh: '模板未通过审核' },
  missing: { en: 'template not submitted for approval', zh: '模板尚未提交审核' },
};

/**
 * Holiday SMS campaigns due within `withinDays` (default 14) whose template is not approved by
 * their SMS account's provider, soonest first: the overview page, the campaign list and detail
 * show them so the template is fixed while there is time (approval takes hours to days).
 */
export async function approvalWarnings(db: Kysely<DatabaseSchema>, options: { readonly now: number; readonly withinDays?: number; readonly campaignId?: number }): Promise<ApprovalWarning[]> {
  const within = options.withinDays ?? 14;
  let query = db
    .selectFrom('campaigns')
    .leftJoin('sms_accounts', 'sms_accounts.id', 'campaigns.sms_account_id')
    .select(['campaigns.id', 'campaigns.name', 'campaigns.schedule', 'campaigns.template_version_id', 'campaigns.sms_account_id', 'sms_accounts.time_zone'])
    .where('campaigns.channel', '=', 'sms')
    .where('campaigns.status', 'in', ['draft', 'scheduled', 'paused', 'running'])
    .where('campaigns.schedule', 'is not', null)
    .where('campaigns.sms_account_id', 'is not', null)
    .orderBy('campaigns.id')
    .limit(500);
  if (options.campaignId !== undefined) query = query.where('campaigns.id', '=', options.campaignId);
  const warnings: ApprovalWarning[] = [];
  for (const row of await query.execute()) {
    let spec;
    try {
      spec = parseScheduleSpec(JSON.parse(row.schedule ?? 'null'));
    } catch {
      continue;
    }
    if (spec.kind !== 'holiday') continue;
    const zone = row.time_zone ?? 'Asia/Shanghai';
    const next = nextOccurrences(spec, new Date(options.now), { defaultZone: zone })[0];
    if (!next) continue;
    // Calendar days on the holiday's clock, as the overview counts down to the holiday itself:
    // "妇女节 in 7 days" on 1 March, whatever the hour of the send on 8 March.
    const dayOf = (at: Date) => Date.parse(`${localDateOf(at, next.zone ?? spec.timeZone ?? zone)}T00:00:00Z`);
    const inDays = Math.round((dayOf(next.at) - dayOf(new Date(options.now))) / DAY);
    if (inDays > within) continue;
    const approval = await templateApproval(db, { versionId: Number(row.template_version_id), smsAccountId: Number(row.sms_account_id) });
    const what = WHAT[approval.status];
    if (approval.sendable || !what) continue;
    const holiday = findHoliday(spec.holiday);
    const name = holiday?.name ?? spec.holiday;
    warnings.push({
      campaignId: Number(row.id),
      campaignName: row.name,
      holiday: { key: spec.holiday, name, nameEn: holiday?.nameEn ?? spec.holiday },
      inDays,
      at: next.at.getTime(),
      status: approval.status,
      message: `${name} in ${inDays} day${inDays === 1 ? '' : 's'}, ${what.en}`,
      messageZh: `${name}还有 ${inDays} 天，${what.zh}`,
    });
  }
  return warnings.sort((a, b) => a.at - b.at);
}
