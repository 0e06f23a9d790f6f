import { formatCount, formatMinor } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import type { Estimate } from './campaign.types.js';
import { wizardMessages } from './wizard.messages.js';

/** An SMS cost estimate: recipients × parts × price, the balance, and whether it covers the cost. */
export function EstimateView({ estimate, title }: { estimate: Estimate; title: string }) {
  const t = useT(wizardMessages);
  const { locale } = useLocale();
  const money = (minor: number) => formatMinor(minor, estimate.currency, locale);
  return (
    <section class="estimate" aria-labelledby="estimate-title" data-testid="sms-estimate" data-sufficient={String(estimate.sufficient)}>
      <h3 id="estimate-title">{title}</h3>
      <p>
        {t('estimateLine', {
          recipients: formatCount(estimate.recipients, locale),
          parts: estimate.partsPerMessage,
          price: money(estimate.priceMinor),
        })}
      </p>
      <dl class="facts">
        <dt>{t('estimateChars')}</dt>
        <dd>
          {estimate.characters} · {estimate.encoding}
        </dd>
        <dt>{t('estimateCost')}</dt>
        <dd data-testid="estimate-cost">
          <strong>{money(estimate.costMinor)}</strong>
        </dd>
        <dt>{t('balance')}</dt>
        <dd data-testid="estimate-balance">{money(estimate.balanceMinor)}</dd>
      </dl>
      {estimate.sufficient ? (
        <p class="notice notice-success">{t('covers')}</p>
      ) : (
        <p class="notice notice-warning">{t('notCovered', { missing: money(estimate.costMinor - estimate.balanceMinor) })}</p>
      )}
    </section>
  );
}
