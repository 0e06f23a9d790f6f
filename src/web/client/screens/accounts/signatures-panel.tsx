import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import type { ApiResponse } from '../../api/shapes.js';
import { useT } from '../../i18n/index.js';
import { Button, ErrorNotice, SelectField, TextField } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { SignatureProofField, type SignatureProof } from './signature-proof-field.js';
import { signaturesMessages } from './signatures.messages.js';

type Signatures = ApiResponse<'/api/sms-accounts/{id}/signatures', 'get'>;
const STATUS_KEY = { draft: 'statusDraft', pending: 'statusPending', approved: 'statusApproved', rejected: 'statusRejected' } as const;
const SOURCES = [
  ['company', 'sourceCompany'],
  ['app', 'sourceApp'],
  ['website', 'sourceWebsite'],
  ['trademark', 'sourceTrademark'],
  ['public-account', 'sourcePublicAccount'],
  ['store', 'sourceStore'],
] as const;

/** An SMS account's signatures (签名) as its provider reviews them: submit, status with reason, sync. */
export function SignaturesPanel({ accountId, provider }: { accountId: number; provider: string }) {
  const t = useT(signaturesMessages);
  const list = useAsync((signal) => api<Signatures>(`/api/sms-accounts/${accountId}/signatures`, { signal }), [accountId]);
  const [name, setName] = useState('');
  const [source, setSource] = useState('company');
  const [remark, setRemark] = useState('');
  const [proof, setProof] = useState<SignatureProof | null>(null);
  // Tencent Cloud takes image proofs only, and has no signature type for an online store.
  const tencent = provider === 'tencent';
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const act = async (key: string, call: () => Promise<unknown>) => {
    setBusy(key);
    setError(null);
    try {
      await call();
      list.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  // Providers that do not review (Twilio, SMPP) have no signatures to submit: no panel.
  if (list.data && !list.data.reviews) return null;
  return (
    <section class="panel" aria-labelledby="signatures-title" data-testid="signatures-panel">
      <h2 id="signatures-title">{t('title')}</h2>
      <p class="hint">{t('hint')}</p>
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.data && list.data.signatures.length === 0 ? <p class="hint">{t('empty')}</p> : null}
      <ul>
        {(list.data?.signatures ?? []).map((s) => (
          <li key={s.id} data-testid={`signature-${s.name}`}>
            【{s.name}】 {t(STATUS_KEY[s.status])}
            {s.status === 'rejected' && s.reason ? <div class="error-text">{t('reason', { reason: s.reason })}</div> : null}
            {s.status === 'pending' ? (
              <Button type="button" kind="secondary" busy={busy === `sync:${s.id}`} onClick={() => void act(`sync:${s.id}`, () => api(`/api/sms-signatures/${s.id}/sync`, { method: 'POST' }))}>
                {t('sync')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          void act('submit', async () => {
            await api(`/api/sms-accounts/${accountId}/signatures`, { body: { name: name.trim(), source, remark: remark.trim(), ...(proof ? { proof } : {}) } });
            setName('');
            setRemark('');
          });
        }}
      >
        <TextField label={t('name')} required value={name} onValue={setName} />
        <SelectField label={t('source')} value={source} onValue={setSource} options={SOURCES.filter(([value]) => !(tencent && value === 'store')).map(([value, key]) => ({ value, label: t(key) }))} />
        <TextField label={t('remark')} required value={remark} onValue={setRemark} />
        <SignatureProofField imagesOnly={tencent} onValue={setProof} />
        <div class="field">
          <Button type="submit" busy={busy === 'submit'} disabled={!name.trim() || !remark.trim() || (tencent && !proof)}>
            {t('submit')}
          </Button>
        </div>
      </form>
      <ErrorNotice error={error} />
    </section>
  );
}
