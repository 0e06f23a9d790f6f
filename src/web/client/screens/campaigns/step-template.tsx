import { useEffect } from 'preact/hooks';
import { api, withQuery } from '../../api.js';
import { useT } from '../../i18n/index.js';
import { ErrorNotice, Loading, Notice, SelectField } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { PreviewView } from '../templates/template-preview.js';
import type { RenderedPreview, TemplateDetail, TemplateSummary } from '../templates/template.types.js';
import { chosenAccount, previewBody, type WizardState } from './wizard-state.js';
import { wizardMessages } from './wizard.messages.js';

/** GET /api/templates/{id}, or nothing without an id. */
export function useTemplateDetail(templateId: number | null) {
  return useAsync((signal) => (templateId === null ? Promise.resolve(null) : api<TemplateDetail>(`/api/templates/${templateId}`, { signal })), [templateId]);
}

/** Step 3: a template of the channel and one of its versions, with a sample preview. */
export function StepTemplate({ state, update }: { state: WizardState; update: (patch: Partial<WizardState>) => void }) {
  const t = useT(wizardMessages);
  const templates = useAsync((signal) => api<TemplateSummary[]>(withQuery('/api/templates', { channel: state.channel }), { signal }), [state.channel]);
  const detail = useTemplateDetail(state.templateId);
  const template = detail.data;
  const version = template?.versions.find((v) => v.id === state.templateVersionId);

  // A template chosen: its current version unless one was picked.
  useEffect(() => {
    if (!template || template.id !== state.templateId) return;
    if (!template.versions.some((v) => v.id === state.templateVersionId)) {
      const current = template.versions.find((v) => v.version === template.currentVersion);
      if (current) update({ templateVersionId: current.id });
    }
  }, [template, state.templateId, state.templateVersionId, update]);

  const preview = useAsync(
    (signal) =>
      // Rendered with the campaign's own sending account, so the signature is the one recipients get.
      template && version ? api<RenderedPreview>(`/api/templates/${template.id}/preview`, { body: previewBody(state, version.version), signal }) : Promise.resolve(null),
    [template?.id, version?.version, state.channel, chosenAccount(state)],
  );

  return (
    <div class="columns-even">
      <div>
        <ErrorNotice error={templates.error} onRetry={templates.reload} />
        {templates.loading && !templates.data ? <Loading /> : null}
        {templates.data && templates.data.length === 0 ? (
          <Notice kind="warning">
            {t('noTemplates')} <a href="/templates">{t('openTemplates')}</a>
          </Notice>
        ) : null}
        {templates.data && templates.data.length > 0 ? (
          <SelectField
            label={t('template')}
            value={state.templateId === null ? '' : String(state.templateId)}
            onValue={(v) => update({ templateId: v ? Number(v) : null, templateVersionId: null })}
            options={[{ value: '', label: t('chooseTemplate') }, ...templates.data.map((tpl) => ({ value: String(tpl.id), label: tpl.name }))]}
          />
        ) : null}
        {template ? (
          <SelectField
            label={t('version')}
            value={state.templateVersionId === null ? '' : String(state.templateVersionId)}
            onValue={(v) => update({ templateVersionId: Number(v) })}
            options={[...template.versions].reverse().map((v) => ({
              value: String(v.id),
              label: v.version === template.currentVersion ? t('versionCurrent', { n: v.version }) : t('versionOption', { n: v.version }),
            }))}
          />
        ) : null}
        <ErrorNotice error={detail.error} onRetry={detail.reload} />
      </div>
      <section aria-labelledby="template-sample-title">
        <h3 id="template-sample-title">{t('samplePreview')}</h3>
        <ErrorNotice error={preview.error} />
        {preview.data ? <PreviewView preview={preview.data} frameHeight="22rem" /> : preview.loading && version ? <Loading /> : null}
      </section>
    </div>
  );
}
