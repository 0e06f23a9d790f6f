import { api } from '../../api.js';
import { useT } from '../../i18n/index.js';
import { ErrorNotice, Loading, PageHeader } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { TemplateEditor } from './template-editor.js';
import type { TemplateDetail } from './template.types.js';
import { templatesMessages } from './templates.messages.js';

/** `/templates/:id`: one template in the editor. */
export function TemplateEditorScreen({ id }: Record<string, unknown>) {
  const t = useT(templatesMessages);
  const detail = useAsync((signal) => api<TemplateDetail>(`/api/templates/${encodeURIComponent(String(id ?? ''))}`, { signal }), [id]);
  if (!detail.data) return detail.error ? <ErrorNotice error={detail.error} onRetry={detail.reload} /> : <Loading />;
  const template = detail.data;
  return (
    <div class="section-templates">
      <PageHeader title={t('editTitle', { name: template.name })}>
        <a class="btn btn-secondary" href="/templates">
          {t('backToList')}
        </a>
      </PageHeader>
      <TemplateEditor key={template.id} template={template} onSaved={detail.reload} />
    </div>
  );
}

/** `/templates/new`: the editor without a template; saving creates it. */
export function TemplateNewScreen() {
  const t = useT(templatesMessages);
  return (
    <div class="section-templates">
      <PageHeader title={t('newTitle')}>
        <a class="btn btn-secondary" href="/templates">
          {t('backToList')}
        </a>
      </PageHeader>
      <TemplateEditor template={null} />
    </div>
  );
}
