import { useT } from '../../i18n/index.js';
import type { VerifyReport } from './accounts.api.js';
import { accountsMessages } from './accounts.messages.js';
import { protocolLabel } from './security-label.js';

/** Each protocol's login result: a badge per server and, on failure, the server's reason and advice. */
export function VerifyChecks({ report }: { report: VerifyReport }) {
  const t = useT(accountsMessages);
  return (
    <ul class="acct-checks">
      {report.checks.map((check) => (
        <li key={`${check.protocol}-${check.server}`} data-protocol={check.protocol}>
          <span class={`badge ${check.ok ? 'badge-ok' : 'badge-bad'}`}>{check.ok ? t('checkOk') : t('checkFailed')}</span>{' '}
          <strong>{protocolLabel(check.protocol, t)}</strong> <span class="mono">{check.server}</span>
          {check.error ? (
            <p class="acct-check-error">
              <span class="mono">{check.error.code}</span>: {check.error.message}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
