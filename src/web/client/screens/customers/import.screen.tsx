import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { useLocale, useT } from '../../i18n/index.js';
import { formatCount } from '../../i18n/format.js';
import { Button, ErrorNotice, Notice, PageHeader, SelectField, TextField } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { importCsv, listCustomFields, type ImportResult } from './customers.api.js';
import { messages, type MessageKey } from './customers.messages.js';
import { ImportErrors } from './import-errors.js';
import { mapPairs, MappingTable } from './import-mapping.js';

type Step = 'upload' | 'mapping' | 'report';
const STEPS: readonly [Step, MessageKey][] = [
  ['upload', 'stepUpload'],
  ['mapping', 'stepMapping'],
  ['report', 'stepReport'],
];

/**
 * CSV import in three steps: choose the file; a dry run shows the columns as read, where each
 * goes (editable) and the rows that would fail, writing nothing; then the import for real and its
 * report, with the errors as a download.
 */
export function ImportScreen() {
  const t = useT(messages);
  const { locale } = useLocale();
  const n = (v: number) => formatCount(v, locale);
  const fileId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const fields = useAsync((signal) => listCustomFields(signal), []);

  const [step, setStep] = useState<Step>('upload');
  const [file, setFile] = useState<File | undefined>(undefined);
  const [encoding, setEncoding] = useState('auto');
  const [onDuplicate, setOnDuplicate] = useState<'skip' | 'update'>('skip');
  const [group, setGroup] = useState('');
  const [dry, setDry] = useState<ImportResult | undefined>(undefined);
  const [columns, setColumns] = useState<ImportResult['columns']>([]);
  const [changed, setChanged] = useState(false);
  const [report, setReport] = useState<ImportResult | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  // Each step starts with its heading focused, so screen readers hear where they are.
  useEffect(() => heading.current?.focus(), [step]);

  async function run(dryRun: boolean, map: string[]) {
    if (!file) {
      setError(new Error(t('chooseFirst')));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const result = await importCsv(file, { dryRun, encoding, onDuplicate, group: group.trim() || undefined, map });
      if (dryRun) {
        setDry(result);
        setColumns(result.columns);
        setChanged(false);
        setStep('mapping');
      } else {
        setReport(result);
        setStep('report');
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  function restart() {
    setStep('upload');
    setFile(undefined);
    setDry(undefined);
    setReport(undefined);
    setColumns([]);
    setError(undefined);
  }

  const current = STEPS.find(([s]) => s === step)?.[1] ?? 'stepUpload';
  return (
    <>
      <p>
        <a href="/customers">← {t('backToList')}</a>
      </p>
      <PageHeader title={t('importTitle')} />
      <ol class="steps">
        {STEPS.map(([s, key]) => (
          <li key={s} aria-current={s === step ? 'step' : undefined}>
            {t(key)}
          </li>
        ))}
      </ol>
      <section class="panel cust-import-step" aria-labelledby="import-step-heading">
        <h2 id="import-step-heading" ref={heading} tabIndex={-1}>
          {t(current)}
        </h2>

        {step === 'upload' ? (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void run(true, []);
            }}
          >
            <div class="field">
              <label for={fileId}>{t('fileLabel')}</label>
              <input
                id={fileId}
                type="file"
                accept=".csv,.txt,text/csv"
                aria-describedby={`${fileId}-hint`}
                onChange={(event) => setFile((event.currentTarget as HTMLInputElement).files?.[0])}
              />
              <small id={`${fileId}-hint`} class="hint">
                {t('fileHint')}
              </small>
            </div>
            <div class="row">
              <SelectField
                label={t('encoding')}
                value={encoding}
                onValue={setEncoding}
                options={[
                  { value: 'auto', label: t('encodingAuto') },
                  { value: 'utf8', label: 'UTF-8' },
                  { value: 'gbk', label: 'GBK' },
                  { value: 'gb18030', label: 'GB18030' },
                  { value: 'utf16le', label: 'UTF-16 LE' },
                ]}
              />
              <SelectField
                label={t('onDuplicate')}
                value={onDuplicate}
                onValue={(v) => setOnDuplicate(v === 'update' ? 'update' : 'skip')}
                options={[
                  { value: 'skip', label: t('dupSkip') },
                  { value: 'update', label: t('dupUpdate') },
                ]}
              />
              <TextField label={t('groupPath')} hint={t('groupPathHint')} value={group} onValue={setGroup} maxLength={500} />
            </div>
            <ErrorNotice error={error} />
            <Button type="submit" busy={busy}>
              {t('checkFile')}
            </Button>
          </form>
        ) : null}

        {step === 'mapping' && dry ? (
          <>
            <p>{t('mappingIntro', { count: n(columns.length), encoding: dry.encoding })}</p>
            <MappingTable
              columns={columns}
              fields={fields.data ?? []}
              onChange={(index, target) => {
                setColumns((previous) => previous.map((c, i) => (i === index ? { ...c, target } : c)));
                setChanged(true);
              }}
            />
            <div role="status" aria-live="polite" data-testid="dry-run-summary">
              {changed ? (
                <Notice kind="warning">{t('mappingChanged')}</Notice>
              ) : (
                <p>
                  <strong>{t('dryRunSummary', { imported: n(dry.imported), updated: n(dry.updated), skipped: n(dry.skipped), failed: n(dry.failed) })}</strong>
                </p>
              )}
            </div>
            {changed ? null : <ImportErrors errors={dry.errors} truncated={dry.errorsTruncated} />}
            <ErrorNotice error={error} />
            <div class="cust-actions">
              <Button kind={changed ? 'primary' : 'secondary'} busy={busy} onClick={() => run(true, mapPairs(columns))}>
                {t('checkAgain')}
              </Button>
              <Button kind={changed ? 'secondary' : 'primary'} busy={busy} onClick={() => run(false, mapPairs(columns))}>
                {t('importNow')}
              </Button>
              <Button kind="secondary" onClick={restart}>
                {t('otherFile')}
              </Button>
            </div>
          </>
        ) : null}

        {step === 'report' && report ? (
          <>
            <div role="status" data-testid="import-report">
              <Notice kind={report.failed > 0 ? 'warning' : 'success'}>
                {t('reportSummary', { imported: n(report.imported), updated: n(report.updated), skipped: n(report.skipped), failed: n(report.failed) })}
              </Notice>
            </div>
            <ImportErrors errors={report.errors} truncated={report.errorsTruncated} />
            <div class="cust-actions">
              <a class="btn btn-primary" href="/customers">
                {t('seeCustomers')}
              </a>
              <Button kind="secondary" onClick={restart}>
                {t('importAnother')}
              </Button>
            </div>
          </>
        ) : null}
      </section>
    </>
  );
}
