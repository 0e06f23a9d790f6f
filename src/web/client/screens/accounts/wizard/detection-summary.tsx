import { useT } from '../../../i18n/index.js';
import { ErrorNotice } from '../../../ui/components.js';
import type { DetectSource } from '../accounts.api.js';
import { accountsMessages } from '../accounts.messages.js';
import type { Detection } from './wizard.state.js';

const SOURCE_KEYS = {
  table: 'sourceTable',
  wildcard: 'sourceWildcard',
  autoconfig: 'sourceAutoconfig',
  ispdb: 'sourceIspdb',
  mx: 'sourceMx',
  srv: 'sourceSrv',
  probe: 'sourceProbe',
} as const satisfies Record<DetectSource, keyof (typeof accountsMessages)['en']>;

/** True when the provider's notes say to log in with an authorization code (QQ, 163, 126…). */
export function needsAuthCode(detection: Detection): boolean {
  return detection.status === 'found' && detection.report.hints.some((hint) => /授权码|authori[sz]ation code/i.test(hint));
}

/**
 * Where the proposed servers came from and what the provider asks of mail apps. The notes are the
 * server's own advice (in English, naming the provider's Chinese menu items); an authorization-code
 * requirement is also said in the reader's language, as it decides what goes into the password field.
 */
export function DetectionSummary({ detection, address }: { detection: Detection; address: string }) {
  const t = useT(accountsMessages);
  if (detection.status === 'manual') return <p class="notice notice-info" data-source="manual">{t('manualEntry')}</p>;
  if (detection.status === 'miss') return <p class="notice notice-warning" data-source="miss">{t('detectMiss', { address })}</p>;
  if (detection.status === 'failed') {
    return (
      <>
        <p class="notice notice-warning" data-source="failed">
          {t('detectFailed')}
        </p>
        <ErrorNotice error={detection.error} />
      </>
    );
  }
  const { report } = detection;
  return (
    <div class="acct-detection" data-source={report.source}>
      <p class="notice notice-info">
        <span class="badge">{report.source}</span> {t('detectedFrom', { source: t(SOURCE_KEYS[report.source]) })}
        {report.provider ? <> {t('detectedProvider', { provider: report.provider })}</> : null}
      </p>
      {needsAuthCode(detection) ? (
        <p class="notice notice-warning" data-hint="authcode">
          {t('authCodeNotice')}
        </p>
      ) : null}
      {report.hints.length > 0 ? (
        <section class="acct-hints" aria-label={t('hintsHeading')}>
          <h3>{t('hintsHeading')}</h3>
          <ul>
            {report.hints.map((hint) => (
              <li key={hint}>{hint}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
