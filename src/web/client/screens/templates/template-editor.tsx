import { useId, useMemo, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../../api.js';
import { useAuth } from '../../auth.js';
import { formatDateTime } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, Notice, SelectField, TextField } from '../../ui/components.js';
import { CustomerPicker } from './customer-picker.js';
import { SmsCountAs, countAsRequest, type CountAs } from './sms-count-as.js';
import { TestSendPanel } from './test-send.js';
import { ApprovalPanel } from './approval-panel.js';
import { CompileError, PreviewView } from './template-preview.js';
import { draftOf, sameDraft, versionBody, type BodyFormat, type DraftContent, type LanguageDraft, type RenderedPreview, type TemplateDetail, type TemplateVersion } from './template.types.js';
import { LanguageTabs } from './language-tabs.js';
import { templatesMessages } from './templates.messages.js';
import { useDebouncedLoad } from './use-debounced.js';

const STARTERS: Record<'email' | 'sms', DraftContent> = {
  email: {
    bodyFormat: 'mjml',
    isMarketing: true,
    variants: [
      {
        language: 'zh-CN',
        subject: '{{customer.displayName}}，您好',
        body: '<mjml>\n  <mj-body>\n    <mj-section>\n      <mj-column>\n        <mj-text>{{greeting}}</mj-text>\n        <mj-text>…</mj-text>\n      </mj-column>\n    </mj-section>\n  </mj-body>\n</mjml>\n',
        textBody: '',
      },
    ],
  },
  sms: { bodyFormat: 'text', isMarketing: true, variants: [{ language: 'zh-CN', subject: '', body: '{{greeting}}', textBody: '' }] },
};

/** A labelled monospace text area that can be read-only (the shared TextArea cannot). */
function CodeArea({ label, hint, value, onValue, rows, readOnly, testId }: { label: string; hint?: string; value: string; onValue: (v: string) => void; rows: number; readOnly: boolean; testId?: string }) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        rows={rows}
        class="mono"
        spellcheck={false}
        readOnly={readOnly}
        data-testid={testId}
        value={value}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onInput={(event) => onValue((event.currentTarget as HTMLTextAreaElement).value)}
      />
      {hint ? (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      ) : null}
    </div>
  );
}

/**
 * The template editor: content on the left, a preview on the right that follows the typing
 * (POST /api/templates/preview-draft, debounced) for a sample or a chosen customer. Saving adds a
 * version — versions are never changed, so campaigns keep the one they started with. With no
 * `template` it creates one.
 */
export function TemplateEditor({ template, onSaved }: { template: TemplateDetail | null; onSaved?: () => void }) {
  const t = useT(templatesMessages);
  const { locale } = useLocale();
  const { can } = useAuth();
  const { route } = useLocation();
  const writable = can('templates:write');
  const current = template?.versions.find((v) => v.version === template.currentVersion) ?? template?.versions.at(-1);

  const [name, setName] = useState('');
  const [channel, setChannel] = useState<'email' | 'sms'>(template?.channel ?? 'email');
  const [base, setBase] = useState<TemplateVersion | undefined>(current);
  const [draft, setDraft] = useState<DraftContent>(current ? draftOf(current) : STARTERS.email);
  const [active, setActive] = useState(0);
  const [customerId, setCustomerId] = useState<number | null>(null);
  const [countAs, setCountAs] = useState<CountAs | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);

  const edit = (patch: Partial<DraftContent>) => {
    setSavedVersion(null);
    setDraft((d) => ({ ...d, ...patch }));
  };
  /** The language tab being edited. */
  const variant: LanguageDraft = draft.variants[active] ?? draft.variants[0] ?? { language: 'und', subject: '', body: '', textBody: '' };
  const editVariant = (patch: Partial<LanguageDraft>) => {
    setSavedVersion(null);
    setDraft((d) => ({ ...d, variants: d.variants.map((v, i) => (i === active ? { ...v, ...patch } : v)) }));
  };
  const addLanguage = (language: string) => {
    setSavedVersion(null);
    setDraft((d) => ({ ...d, variants: [...d.variants, { ...variant, language }] }));
    setActive(draft.variants.length);
  };
  const removeLanguage = (index: number) => {
    setSavedVersion(null);
    setDraft((d) => ({ ...d, variants: d.variants.filter((_, i) => i !== index) }));
    setActive(0);
  };
  const makeDefault = (index: number) => {
    setSavedVersion(null);
    setDraft((d) => {
      const chosen = d.variants[index];
      return chosen ? { ...d, variants: [chosen, ...d.variants.filter((_, i) => i !== index)] } : d;
    });
    setActive(0);
  };
  const unsaved = current ? !sameDraft(draft, draftOf(current)) : true;

  const request = useMemo(() => {
    if (draft.variants.some((v) => !v.body.trim())) return null;
    if (channel === 'sms' && countAs === null) return null;
    return {
      channel,
      version: versionBody(channel, draft),
      ...(template ? { templateId: template.id } : {}),
      ...(customerId === null ? {} : { customerId }),
      ...(channel === 'sms' && countAs ? countAsRequest(countAs) : {}),
    };
  }, [channel, draft, template, customerId, countAs]);
  const preview = useDebouncedLoad(request ? JSON.stringify(request) : null, (signal) => api<RenderedPreview>('/api/templates/preview-draft', { body: request, signal }));

  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setSaveError(null);
    try {
      if (template) {
        const saved = await api<TemplateVersion>(`/api/templates/${template.id}/versions`, { body: versionBody(template.channel, draft) });
        setSavedVersion(saved.version);
        setBase(saved);
        onSaved?.();
      } else {
        const created = await api<{ id: number }>('/api/templates', { body: { name: name.trim(), channel, version: versionBody(channel, draft) } });
        route(`/templates/${created.id}`);
      }
    } catch (caught) {
      setSaveError(caught);
    } finally {
      setSaving(false);
    }
  };

  const chooseChannel = (next: 'email' | 'sms') => {
    setChannel(next);
    setDraft(STARTERS[next]);
    setActive(0);
    setCountAs(null);
  };
  const formatOptions: { value: BodyFormat; label: string }[] = [
    { value: 'mjml', label: t('formatMjml') },
    { value: 'html', label: t('formatHtml') },
    { value: 'text', label: t('formatText') },
  ];
  const shownPreview = preview.data && preview.data.channel === channel ? preview.data : undefined;

  return (
    <div class="template-editor">
      <div class="template-left">
      <form class="panel template-form" onSubmit={(event) => void save(event)} aria-label={template ? t('editTitle', { name: template.name }) : t('newTitle')}>
        {!writable ? <Notice>{t('readOnly')}</Notice> : null}
        {template ? (
          <SelectField
            label={t('startFrom')}
            value={String(base?.version ?? '')}
            onValue={(v) => {
              const chosen = template.versions.find((x) => x.version === Number(v));
              if (!chosen) return;
              setBase(chosen);
              setActive(0);
              edit(draftOf(chosen));
            }}
            options={[...template.versions].reverse().map((v) => ({
              value: String(v.version),
              label: t(v.version === template.currentVersion ? 'currentVersion' : 'versionOption', { n: v.version, date: formatDateTime(new Date(v.createdAt).toISOString(), locale) }),
            }))}
          />
        ) : (
          <div class="row">
            <TextField label={t('name')} required value={name} onValue={setName} maxLength={100} />
            <SelectField
              label={t('channel')}
              value={channel}
              onValue={(v) => chooseChannel(v as 'email' | 'sms')}
              options={[
                { value: 'email', label: t('channelEmail') },
                { value: 'sms', label: t('channelSms') },
              ]}
            />
          </div>
        )}
        <LanguageTabs
          variants={draft.variants}
          active={Math.min(active, draft.variants.length - 1)}
          onActive={setActive}
          onAdd={writable ? addLanguage : undefined}
          onRemove={writable ? removeLanguage : undefined}
          onMakeDefault={writable ? makeDefault : undefined}
        />
        {channel === 'email' ? (
          <div class="row">
            <TextField label={t('subject')} required readOnly={!writable} value={variant.subject} onValue={(subject) => editVariant({ subject })} maxLength={998} />
            <SelectField label={t('format')} value={draft.bodyFormat} disabled={!writable} onValue={(v) => edit({ bodyFormat: v as BodyFormat })} options={formatOptions} />
          </div>
        ) : null}
        <CodeArea
          label={t('body')}
          hint={channel === 'email' ? t('bodyHintEmail') : t('bodyHintSms')}
          rows={channel === 'email' ? 18 : 6}
          readOnly={!writable}
          testId="template-body"
          value={variant.body}
          onValue={(body) => editVariant({ body })}
        />
        {channel === 'email' && draft.bodyFormat !== 'text' ? (
          <details open={!!variant.textBody}>
            <summary>{t('textBody')}</summary>
            <CodeArea label={t('textBody')} hint={t('textBodyHint')} rows={5} readOnly={!writable} value={variant.textBody} onValue={(textBody) => editVariant({ textBody })} />
          </details>
        ) : null}
        <label class="check">
          <input type="checkbox" checked={draft.isMarketing} disabled={!writable} onChange={(event) => edit({ isMarketing: (event.currentTarget as HTMLInputElement).checked })} />
          {t('isMarketing')}
        </label>
        {writable ? (
          <div class="form-actions">
            <Button type="submit" busy={saving} disabled={(template !== null && !unsaved) || (!template && !name.trim())}>
              {template ? t('saveVersion') : t('create')}
            </Button>
            <span class="hint" data-testid="save-state">
              {template && current ? (unsaved ? t('unsaved') : t('upToDate', { n: current.version })) : null}
            </span>
          </div>
        ) : null}
        {savedVersion !== null ? <Notice kind="success">{t('saved', { n: savedVersion })}</Notice> : null}
        <CompileError error={saveError} />
      </form>
      {template && template.channel === 'email' && writable && current ? (
        <TestSendPanel templateId={template.id} version={current.version} customerId={customerId} unsaved={unsaved} />
      ) : null}
      {template && template.channel === 'sms' && current ? <ApprovalPanel templateId={template.id} version={current.version} unsaved={unsaved} writable={writable} /> : null}
      </div>

      <section class="panel template-preview" aria-labelledby="preview-title">
        <h2 id="preview-title">{t('preview')}</h2>
        <CustomerPicker value={customerId} onChange={setCustomerId} channel={channel} />
        {channel === 'sms' ? <SmsCountAs value={countAs} onValue={setCountAs} /> : null}
        <p class="hint preview-status" role="status" aria-live="polite">
          {preview.pending ? t('previewUpdating') : ''}
        </p>
        <CompileError error={preview.error} />
        {shownPreview ? (
          <div class={preview.error ? 'preview-stale' : undefined}>
            <PreviewView preview={shownPreview} />
          </div>
        ) : null}
      </section>

    </div>
  );
}
