import { useT } from '../../../i18n/index.js';
import { SelectField, TextField } from '../../../ui/components.js';
import type { IncomingProtocol, Security } from '../accounts.api.js';
import { accountsMessages } from '../accounts.messages.js';
import { CheckboxField } from '../checkbox-field.js';
import { securityLabel } from '../security-label.js';
import { defaultPort, type ServerDraft } from './wizard.state.js';

const SECURITIES: readonly Security[] = ['tls', 'starttls', 'none'];

/** The fields of one server; changing the security moves a default port along (993 ↔ 143…). */
function ServerInputs({
  protocol,
  server,
  onChange,
  usernameLabel,
  usernameHint,
  errors,
}: {
  protocol: IncomingProtocol | 'smtp';
  server: ServerDraft;
  onChange: (server: ServerDraft) => void;
  usernameLabel: string;
  usernameHint?: string;
  errors: { host?: string; port?: string; username?: string };
}) {
  const t = useT(accountsMessages);
  const setSecurity = (security: Security) => {
    const wasDefault = server.port.trim() === '' || server.port === defaultPort(protocol, server.security);
    onChange({ ...server, security, port: wasDefault ? defaultPort(protocol, security) : server.port });
  };
  return (
    <>
      <div class="row">
        <TextField label={t('host')} name="host" value={server.host} onValue={(host) => onChange({ ...server, host })} required autocomplete="off" spellcheck={false} hint={errors.host} aria-invalid={errors.host ? 'true' : undefined} />
        <div class="acct-port">
          <TextField label={t('port')} name="port" inputMode="numeric" value={server.port} onValue={(port) => onChange({ ...server, port })} required hint={errors.port} aria-invalid={errors.port ? 'true' : undefined} />
        </div>
        <SelectField label={t('security')} name="security" value={server.security} onValue={(value) => setSecurity(value as Security)} options={SECURITIES.map((s) => ({ value: s, label: securityLabel(s, t) }))} />
      </div>
      <TextField
        label={usernameLabel}
        name="username"
        value={server.username}
        onValue={(username) => onChange({ ...server, username })}
        autocomplete="off"
        spellcheck={false}
        hint={errors.username ?? usernameHint}
        aria-invalid={errors.username ? 'true' : undefined}
      />
    </>
  );
}

/** Incoming server: protocol (or none: a send-only mailbox) and its settings. */
export function IncomingFields(props: {
  protocol: IncomingProtocol | 'none';
  server: ServerDraft;
  leaveCopy: boolean;
  onProtocol: (protocol: IncomingProtocol | 'none', server: ServerDraft) => void;
  onChange: (server: ServerDraft) => void;
  onLeaveCopy: (leaveCopy: boolean) => void;
  errors: { host?: string; port?: string; username?: string };
}) {
  const t = useT(accountsMessages);
  const { protocol, server } = props;
  const changeProtocol = (next: IncomingProtocol | 'none') => {
    if (next === 'none' || protocol === 'none') return props.onProtocol(next, next === 'none' ? server : { ...server, port: defaultPort(next, server.security) });
    const wasDefault = server.port === defaultPort(protocol, server.security);
    return props.onProtocol(next, { ...server, port: wasDefault ? defaultPort(next, server.security) : server.port });
  };
  return (
    <fieldset>
      <legend>{t('incomingHeading')}</legend>
      <SelectField
        label={t('protocol')}
        name="protocol"
        value={protocol}
        onValue={(value) => changeProtocol(value as IncomingProtocol | 'none')}
        options={[
          { value: 'imap', label: 'IMAP' },
          { value: 'pop3', label: 'POP3' },
          { value: 'none', label: t('protocolNone') },
        ]}
      />
      {protocol === 'none' ? null : <ServerInputs protocol={protocol} server={server} onChange={props.onChange} usernameLabel={t('username')} errors={props.errors} />}
      {protocol === 'pop3' ? <CheckboxField label={t('leaveCopy')} checked={props.leaveCopy} onChecked={props.onLeaveCopy} /> : null}
    </fieldset>
  );
}

/** Outgoing SMTP server with whether it needs a login. */
export function SmtpFields(props: {
  server: ServerDraft & { auth: boolean };
  sendOnly: boolean;
  onChange: (server: ServerDraft & { auth: boolean }) => void;
  errors: { host?: string; port?: string; username?: string };
}) {
  const t = useT(accountsMessages);
  const { server } = props;
  return (
    <fieldset>
      <legend>{t('outgoingHeading')}</legend>
      <ServerInputs
        protocol="smtp"
        server={server}
        onChange={(next) => props.onChange({ ...next, auth: server.auth })}
        usernameLabel={t('smtpUsername')}
        usernameHint={props.sendOnly ? undefined : t('smtpUsernameHint')}
        errors={props.errors}
      />
      <CheckboxField label={t('smtpAuth')} checked={server.auth} onChecked={(auth) => props.onChange({ ...server, auth })} />
    </fieldset>
  );
}
