import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import type { ApiResponse, Item } from '../../api/shapes.js';
import { useAuth } from '../../auth.js';
import { common } from '../../i18n/common.js';
import { formatDateTime } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Loading, Notice, PageHeader, SelectField } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { languageName } from '../../ui/language-name.js';
import { builtinLanguage, templateKind, type TemplateKind } from './builtin-kind.js';
import type { TemplateSummary } from './template.types.js';
import { templatesMessages } from './templates.messages.js';

type InstallResult = Item<ApiResponse<'/api/templates/builtins', 'post'>>;

const KIND_LABEL = {
  holiday: 'kindHoliday',
  birthday: 'kindBirthday',
  letter: 'kindLetter',
  announcement: 'kindAnnouncement',
  custom: 'kindCustom',
} as const satisfies Record<TemplateKind, keyof (typeof templatesMessages)['en']>;

/** `/templates`: every template with its channel, kind and version; installs the bundled ones. */
export function TemplatesListScreen() {
  const t = useT(templatesMessages);
  const tc = useT(common);
  const { locale } = useLocale();
  const { can } = useAuth();
  const [channel, setChannel] = useState('');
  const [kind, setKind] = useState('');
  const [installing, setInstalling] = useState(false);
  const [installed, setInstalled] = useState<Record<InstallResult['action'], number> | null>(null);
  const [installError, setInstallError] = useState<unknown>(null);
  const list = useAsync((signal) => api<TemplateSummary[]>('/api/templates', { signal }), []);

  const install = async () => {
    setInstalling(true);
    setInstallError(null);
    try {
      const results = await api<InstallResult[]>('/api/templates/builtins', { body: {} });
      const counts = { created: 0, updated: 0, unchanged: 0, differs: 0 };
      for (const r of results) counts[r.action] += 1;
      setInstalled(counts);
      list.reload();
    } catch (caught) {
      setInstallError(caught);
    } finally {
      setInstalling(false);
    }
  };

  const rows = (list.data ?? []).filter((tpl) => (!channel || tpl.channel === channel) && (!kind || templateKind(tpl.builtin) === kind));
  return (
    <div class="section-templates">
      <PageHeader title={t('title')}>
        {can('templates:write') ? (
          <>
            <Button kind="secondary" busy={installing} onClick={() => void install()}>
              {t('installBuiltins')}
            </Button>
            <a class="btn btn-primary" href="/templates/new">
              {t('newTemplate')}
            </a>
          </>
        ) : null}
      </PageHeader>
      {installed ? <Notice kind="success">{t('installed', { created: installed.created + installed.updated, unchanged: installed.unchanged, differs: installed.differs })}</Notice> : null}
      <ErrorNotice error={installError} />
      <div class="row filters">
        <SelectField
          label={t('filterChannel')}
          value={channel}
          onValue={setChannel}
          options={[
            { value: '', label: t('all') },
            { value: 'email', label: t('channelEmail') },
            { value: 'sms', label: t('channelSms') },
          ]}
        />
        <SelectField
          label={t('filterKind')}
          value={kind}
          onValue={setKind}
          options={[{ value: '', label: t('all') }, ...(Object.keys(KIND_LABEL) as TemplateKind[]).map((k) => ({ value: k, label: t(KIND_LABEL[k]) }))]}
        />
      </div>
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.length === 0 ? <p>{t('empty')}</p> : null}
      {list.data && list.data.length > 0 && rows.length === 0 ? <p>{t('noMatch')}</p> : null}
      {rows.length > 0 ? (
        <div class="table-wrap">
          <table aria-label={t('title')}>
            <thead>
              <tr>
                <th scope="col">{t('colName')}</th>
                <th scope="col">{t('colChannel')}</th>
                <th scope="col">{t('colKind')}</th>
                <th scope="col">{t('colLanguage')}</th>
                <th scope="col" class="num">
                  {t('colVersion')}
                </th>
                <th scope="col">{t('colUpdated')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((tpl) => {
                const language = builtinLanguage(tpl.builtin);
                const languages = tpl.languages ?? [];
                return (
                  <tr key={tpl.id}>
                    <th scope="row">
                      <a href={`/templates/${tpl.id}`}>{tpl.name}</a>
                    </th>
                    <td>{tpl.channel === 'email' ? t('channelEmail') : t('channelSms')}</td>
                    <td>
                      {t(KIND_LABEL[templateKind(tpl.builtin)])}
                      {tpl.builtin ? <span class="badge"> {t('builtin')}</span> : null}
                    </td>
                    <td data-testid="template-languages">
                      {languages.length > 0
                        ? languages.map(languageName).join(' · ')
                        : language === 'en'
                          ? t('languageEn')
                          : language === 'zh-CN'
                            ? t('languageZh')
                            : language === 'both'
                              ? `${t('languageZh')} · ${t('languageEn')}`
                              : '—'}
                    </td>
                    <td class="num">{tpl.currentVersion}</td>
                    <td>{formatDateTime(new Date(tpl.updatedAt).toISOString(), locale)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {list.loading && list.data ? <p class="hint">{tc('loading')}</p> : null}
    </div>
  );
}
