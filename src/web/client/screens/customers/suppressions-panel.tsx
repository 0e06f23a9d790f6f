import { useT } from '../../i18n/index.js';
import { ErrorNotice } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { customerSuppressions } from './rep.api.js';
import { suppressionLine } from './rep.format.js';
import { repMessages } from './rep.messages.js';

/** What blocks mail or SMS to this customer: which channel, why and since when. */
export function SuppressionsPanel({ customerId }: { customerId: number }) {
  const t = useT(repMessages);
  const list = useAsync((signal) => customerSuppressions(customerId, signal), [customerId]);
  return (
    <section class="panel" aria-labelledby="suppressions-heading">
      <h2 id="suppressions-heading">{t('suppressionsHeading')}</h2>
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.data === undefined ? null : list.data.length === 0 ? (
        <p>{t('noSuppressions')}</p>
      ) : (
        <ul class="cust-plain" data-testid="suppressions">
          {list.data.map((s) => (
            <li key={`${s.channel}-${s.scope}-${s.value}`}>{suppressionLine(s, t)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
