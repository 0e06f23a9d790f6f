import { api, withQuery } from '../../api.js';
import type { ApiResponse } from '../../api/shapes.js';
import { useLocale } from '../../i18n/index.js';
import { Notice } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';

type Warnings = ApiResponse<'/api/campaigns/approval-warnings', 'get'>;

/**
 * Holiday SMS campaigns due soon whose template the provider has not approved ("中秋节还有 12 天，
 * 模板仍在审核中"), for one campaign or all; the server words each warning in both languages.
 */
export function ApprovalWarnings({ campaignId }: { campaignId?: number }) {
  const { locale } = useLocale();
  const warnings = useAsync((signal) => api<Warnings>(withQuery('/api/campaigns/approval-warnings', { campaignId }), { signal }), [campaignId]);
  if (!warnings.data || warnings.data.length === 0) return null;
  return (
    <div data-testid="approval-warnings">
      {warnings.data.map((w) => (
        <Notice key={w.campaignId} kind="warning">
          {campaignId === undefined ? <a href={`/campaigns/${w.campaignId}`}>{w.campaignName}</a> : null}
          {campaignId === undefined ? ': ' : null}
          {locale === 'zh-CN' ? w.messageZh : w.message}
        </Notice>
      ))}
    </div>
  );
}
