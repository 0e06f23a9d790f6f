import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { withQuery } from '../../api.js';
import { useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Loading, PageHeader, TextField } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { getMailAccount, updateMailAccount, type IncomingProtocol, type MailAccount, type MailAccountPatch } from './accounts.api.js';
import { accountsMessages } from './accounts.messages.js';
import { CheckboxField } from './checkbox-field.js';
import { LastCheck } from './last-check.js';
import { SignatureFields } from './signature-fields.js';
import { IncomingFields, SmtpFields } from './wizard/server-fields.js';
import type { ServerDraft } from './wizard/wizard.state.js';

/** /accounts/mail/:id — change a mailbox; passwords can be replaced, never read. */
export function EditMailboxScreen({ id }: { id?: string }) {
  const t = useT(accountsMessages);
  const account = useAsync((signal) => getMailAccount(Number(id), signal), [id]);
  return (
    <>
      <PageHeader title={t('editTitle', { name: account.data?.name ?? '' })}>
        <a class="btn btn-secondary" href="/accounts">
          {t('backToList')}
        </a>
      </PageHeader>
      <ErrorNotice error={account.error} onRetry={account.reload} />
      {account.loading && !account.data ? <Loading /> : null}
      {account.data ? <EditForm key={account.data.updatedAt} account={account.data} /> : null}
    </>
  );
}

const limitText = (value: number | null) => (value === null ? '' : String(value));

function parseLimit(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (!trimmed) return null;
  return /^\d{1,9}$/.test(trimmed) && Number(trimmed) > 0 ? Number(trimmed) : undefined;
}

function EditForm({ account }: { account: MailAccount }) {
  const t = useT(accountsMessages);
  const { route } = useLocation();
  const [name, setName] = useState(account.name);
  const [displayName, setDisplayName] = useState(account.displayName);
  const [replyTo, setReplyTo] = useState(account.replyTo ?? '');
  const [signature, setSignature] = useState(account.signatureText ?? '');
  const [signatureHtml, setSignatureHtml] = useState(account.signatureHtml ?? '');
  const [protocol, setProtocol] = useState<IncomingProtocol | 'none'>(account.incoming?.protocol ?? 'none');
  const [incoming, setIncoming] = useState<ServerDraft>(
    account.incoming
      ? { host: account.incoming.host, port: String(account.incoming.port), security: account.incoming.security, username: account.incoming.username }
      : { host: '', port: '993', security: 'tls', username: account.email },
  );
  const [smtp, setSmtp] = useState<ServerDraft & { auth: boolean }>({
    host: account.smtp.host,
    port: String(account.smtp.port),
    security: account.smtp.security,
    username: account.smtp.username ?? '',
    auth: account.smtp.auth,
  });
  const [leaveCopy, setLeaveCopy] = useState(account.leaveCopy);
  const [tlsVerify, setTlsVerify] = useState(account.tlsVerify);
  const [password, setPassword] = useState('');
  const [smtpPassword, setSmtpPassword] = useState('');
  const [limits, setLimits] = useState({ perMinute: limitText(account.limits.perMinute), perHour: limitText(account.limits.perHour), perDay: limitText(account.limits.perDay) });
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function save(event: Event) {
    event.preventDefault();
    const parsed = { perMinute: parseLimit(limits.perMinute), perHour: parseLimit(limits.perHour), perDay: parseLimit(limits.perDay) };
    if (Object.values(parsed).some((v) => v === undefined)) return setProblem(t('badLimit'));
    setProblem(undefined);
    const body: MailAccountPatch = {
      name: name.trim(),
      displayName: displayName.trim(),
      replyTo: replyTo.trim() || null,
      signatureText: signature.trim() || null,
      signatureHtml: signatureHtml.trim() || null,
      incoming:
        protocol === 'none'
          ? null
          : { protocol, host: incoming.host.trim(), port: Number(incoming.port), security: incoming.security, username: incoming.username.trim(), ...(password ? { password } : {}) },
      smtp: {
        host: smtp.host.trim(),
        port: Number(smtp.port),
        security: smtp.security,
        auth: smtp.auth,
        username: smtp.username.trim() || null,
        ...(smtpPassword ? { password: smtpPassword } : {}),
      },
      limits: parsed as { perMinute: number | null; perHour: number | null; perDay: number | null },
      leaveCopy,
      tlsVerify,
    };
    setBusy(true);
    setError(null);
    try {
      const saved = await updateMailAccount(account.id, body);
      setPassword('');
      setSmtpPassword('');
      route(withQuery('/accounts', { saved: saved.name }));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  // The server drops a stored password when its server changes (host, port, security, user
  // name, or certificate checks turned off) and this save carries no new one: say so before
  // saving, next to the button.
  const certificatesOff = account.tlsVerify && !tlsVerify;
  const incomingMoved =
    protocol !== 'none' &&
    account.incoming !== null &&
    account.incoming.password !== null &&
    !password &&
    (certificatesOff ||
      protocol !== account.incoming.protocol ||
      incoming.host.trim().toLowerCase() !== account.incoming.host.toLowerCase() ||
      Number(incoming.port) !== account.incoming.port ||
      incoming.security !== account.incoming.security ||
      incoming.username.trim() !== account.incoming.username);
  const smtpMoved =
    smtp.auth &&
    !smtpPassword &&
    (account.smtp.password !== null || account.incoming?.password) &&
    (certificatesOff ||
      smtp.host.trim().toLowerCase() !== account.smtp.host.toLowerCase() ||
      Number(smtp.port) !== account.smtp.port ||
      smtp.security !== account.smtp.security ||
      (smtp.username.trim() || null) !== account.smtp.username);
  const noErrors = {};
  return (
    <form class="panel" noValidate autocomplete="off" onSubmit={(event) => void save(event)}>
      <div class="row">
        <TextField label={t('accountName')} name="name" value={name} onValue={setName} hint={t('accountNameHint')} required maxLength={64} />
        <TextField label={t('senderName')} name="displayName" value={displayName} onValue={setDisplayName} maxLength={200} />
      </div>
      <div class="row">
        <TextField label={t('address')} name="email" value={account.email} onValue={() => undefined} readOnly />
        <TextField label={t('replyTo')} name="replyTo" type="email" value={replyTo} onValue={setReplyTo} hint={t('replyToHint')} />
      </div>
      <section aria-label={t('lastCheckHeading')} class="acct-last-check">
        <strong>{t('lastCheckHeading')}</strong> <LastCheck check={account.lastCheck} detailed />
      </section>
      <SignatureFields text={signature} html={signatureHtml} onText={setSignature} onHtml={setSignatureHtml} />
      <div class="columns-even">
        <div>
          <IncomingFields
            protocol={protocol}
            server={incoming}
            leaveCopy={leaveCopy}
            onProtocol={(next, server) => {
              setProtocol(next);
              setIncoming(server);
            }}
            onChange={setIncoming}
            onLeaveCopy={setLeaveCopy}
            errors={noErrors}
          />
          {protocol === 'none' ? null : (
            <TextField label={t('newPassword')} name="password" type="password" autocomplete="new-password" value={password} onValue={setPassword} hint={t('newPasswordHint')} />
          )}
        </div>
        <div>
          <SmtpFields server={smtp} sendOnly={protocol === 'none'} onChange={setSmtp} errors={noErrors} />
          {smtp.auth ? (
            <TextField label={t('newSmtpPassword')} name="smtpPassword" type="password" autocomplete="new-password" value={smtpPassword} onValue={setSmtpPassword} hint={t('newPasswordHint')} />
          ) : null}
        </div>
      </div>
      <CheckboxField label={t('tlsVerify')} hint={t('tlsVerifyHint')} checked={tlsVerify} onChecked={setTlsVerify} />
      <fieldset>
        <legend>{t('limitsHeading')}</legend>
        <p class="hint">{t('limitsHint')}</p>
        <div class="row">
          <TextField label={t('perMinute')} name="perMinute" inputMode="numeric" value={limits.perMinute} onValue={(v) => setLimits({ ...limits, perMinute: v })} />
          <TextField label={t('perHour')} name="perHour" inputMode="numeric" value={limits.perHour} onValue={(v) => setLimits({ ...limits, perHour: v })} />
          <TextField label={t('perDay')} name="perDay" inputMode="numeric" value={limits.perDay} onValue={(v) => setLimits({ ...limits, perDay: v })} />
        </div>
        {problem ? (
          <p class="notice notice-error" role="alert">
            {problem}
          </p>
        ) : null}
      </fieldset>
      {incomingMoved || smtpMoved ? (
        <p class="notice notice-warning" role="status" data-endpoint-note>
          {t('endpointChangedNote')}
        </p>
      ) : null}
      <ErrorNotice error={error} />
      <Button type="submit" busy={busy}>
        {t('saveChanges')}
      </Button>
    </form>
  );
}
