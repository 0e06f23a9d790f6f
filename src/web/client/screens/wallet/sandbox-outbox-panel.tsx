import { formatCount, formatDateTime } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { ErrorNotice, Loading } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { formatPhone } from '../../ui/phone-format.js';
import { getSandboxMessages } from './wallet.api.js';
import { walletMessages } from './wallet.messages.js';

/** The SMS outbox of a sandbox account: what it "sent" (to, text, parts, time), newest first. */
export function SandboxOutboxPanel({ account, refresh }: { account: string; refresh: number }) {
  const t = useT(walletMessages);
  const { locale } = useLocale();
  const list = useAsync((signal) => getSandboxMessages(account, signal), [account, refresh]);
  const items = list.data?.items ?? [];
  return (
    <section class="panel" aria-labelledby="wallet-outbox-heading">
      <h2 id="wallet-outbox-heading">{t('outboxHeading')}</h2>
      <p class="hint">{t('outboxHint')}</p>
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && items.length === 0 ? <p class="hint">{t('outboxEmpty')}</p> : null}
      {items.length > 0 ? (
        <div class="table-wrap">
          <table data-testid="sandbox-outbox">
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('outboxTo')}</th>
                <th scope="col">{t('outboxText')}</th>
                <th scope="col" class="num">
                  {t('outboxParts')}
                </th>
                <th scope="col">{t('outboxStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id} data-to={m.to} data-parts={m.parts}>
                  <td>{formatDateTime(new Date(m.createdAt).toISOString(), locale)}</td>
                  <td class="nowrap">{formatPhone(m.to)}</td>
                  <td>{m.text}</td>
                  <td class="num">{formatCount(m.parts, locale)}</td>
                  <td>
                    <span class={`badge ${m.status === 'delivered' ? 'badge-ok' : ''}`}>{t(m.status === 'delivered' ? 'outboxDelivered' : 'outboxAccepted')}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
