import { useId, useMemo, useState } from 'preact/hooks';
import { formatCount, formatMinor } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { ErrorNotice, Loading, SelectField, TextField } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { BarChart, type Bar } from './bar-chart.js';
import { isDay, presetOf, presetRange, PRESETS, todayIn, type DayRange } from './date-range.js';
import { getStats, statsCsvUrl, type Granularity, type Stats, type StatsRow } from './wallet.api.js';
import { walletMessages } from './wallet.messages.js';

const METRICS = ['messages', 'parts', 'cost'] as const;
type Metric = (typeof METRICS)[number];
const METRIC_LABEL = { messages: 'metricMessages', parts: 'metricParts', cost: 'metricCost' } as const;
const valueOf = (row: StatsRow, metric: Metric) => (metric === 'cost' ? row.costMinor : row[metric]);

/**
 * Usage per day or month in the account's time zone: range with presets, a bar chart of one
 * measure, the full numbers in a table, and the same query as a CSV download.
 */
export function StatsPanel({ account, currency, timeZone, canExport }: { account: string; currency: string; timeZone: string; canExport: boolean }) {
  const t = useT(walletMessages);
  const { locale } = useLocale();
  const today = useMemo(() => todayIn(timeZone), [timeZone]);
  const [range, setRange] = useState<DayRange>(() => presetRange('thisMonth', today));
  const [by, setBy] = useState<Granularity>('day');
  const [metric, setMetric] = useState<Metric>('messages');
  const [bom, setBom] = useState(false);
  const metricGroup = useId();
  const valid = isDay(range.from) && isDay(range.to) && range.from <= range.to;
  const stats = useAsync<Stats | null>((signal) => (valid ? getStats(account, { ...range, by }, signal) : Promise.resolve(null)), [account, range.from, range.to, by, valid]);

  const count = (n: number) => formatCount(n, locale);
  const money = (minor: number) => formatMinor(minor, currency, locale);
  const show = (value: number) => (metric === 'cost' ? money(value) : count(value));
  const data = valid ? stats.data : null;
  const activePreset = presetOf(range, today);

  const bars: Bar[] = (data?.rows ?? []).map((row) => {
    const value = valueOf(row, metric);
    return { key: row.period, label: data?.by === 'day' ? row.period.slice(5) : row.period, value, display: show(value) };
  });
  const title = t(data?.by === 'month' ? 'chartTitleMonth' : 'chartTitleDay', { metric: t(METRIC_LABEL[metric]) });
  const total = bars.reduce((sum, b) => sum + b.value, 0);
  const highest = bars.reduce<Bar | undefined>((best, b) => (!best || b.value > best.value ? b : best), undefined);
  const summary =
    data && highest && highest.value > 0
      ? t('chartSummary', { title, from: data.from, to: data.to, total: show(total), max: highest.display, period: highest.key })
      : t('chartSummaryEmpty', { title, from: range.from, to: range.to });

  return (
    <section class="panel" aria-labelledby="wallet-stats-heading">
      <div class="wallet-section-head">
        <h2 id="wallet-stats-heading">{t('statsHeading')}</h2>
        {canExport && valid ? (
          <div class="wallet-export">
            <label class="wallet-check">
              <input type="checkbox" checked={bom} onChange={(e) => setBom((e.currentTarget as HTMLInputElement).checked)} />
              {t('bom')}
            </label>
            <a class="btn btn-secondary" href={statsCsvUrl(account, { ...range, by }, bom)} download data-testid="stats-csv">
              {t('exportCsv')}
            </a>
          </div>
        ) : null}
      </div>
      <p class="hint">{t('timeZoneNote', { timeZone })}</p>
      <div class="row">
        <TextField label={t('from')} type="date" value={range.from} max={range.to || undefined} onValue={(from) => setRange((r) => ({ ...r, from }))} aria-invalid={valid ? undefined : 'true'} />
        <TextField label={t('to')} type="date" value={range.to} min={range.from || undefined} onValue={(to) => setRange((r) => ({ ...r, to }))} aria-invalid={valid ? undefined : 'true'} />
        <SelectField
          label={t('granularity')}
          value={by}
          onValue={(v) => setBy(v === 'month' ? 'month' : 'day')}
          options={[
            { value: 'day', label: t('byDay') },
            { value: 'month', label: t('byMonth') },
          ]}
        />
      </div>
      <div class="wallet-toolbar">
        <div role="group" aria-label={t('presets')} class="wallet-presets">
          {PRESETS.map((preset) => (
            <button key={preset} type="button" class="btn btn-secondary" aria-pressed={activePreset === preset ? 'true' : 'false'} onClick={() => setRange(presetRange(preset, today))}>
              {t(preset)}
            </button>
          ))}
        </div>
        <fieldset class="wallet-metric">
          <legend>{t('metric')}</legend>
          {METRICS.map((m) => (
            <label key={m} class="wallet-check">
              <input type="radio" name={metricGroup} value={m} checked={metric === m} onChange={() => setMetric(m)} />
              {t(METRIC_LABEL[m])}
            </label>
          ))}
        </fieldset>
      </div>
      {!valid ? (
        <p class="notice notice-error" role="alert">
          {t('rangeInvalid')}
        </p>
      ) : null}
      <ErrorNotice error={valid ? stats.error : undefined} onRetry={stats.reload} />
      {valid && stats.loading && !stats.data ? <Loading /> : null}
      {data ? (
        <>
          <div class="chart" aria-busy={stats.loading ? 'true' : 'false'}>
            <BarChart title={title} summary={summary} bars={bars} xLabel={t(data.by === 'day' ? 'axisDay' : 'axisMonth')} yLabel={t(METRIC_LABEL[metric])} formatTick={show} />
          </div>
          <div class="table-wrap wallet-stats-table">
            <table data-testid="stats-table">
              <caption>{t('tableCaption', { account, from: data.from, to: data.to })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(data.by === 'day' ? 'axisDay' : 'axisMonth')}</th>
                  <th scope="col" class="num">{t('messages')}</th>
                  <th scope="col" class="num">{t('parts')}</th>
                  <th scope="col" class="num">{t('accepted')}</th>
                  <th scope="col" class="num">{t('delivered')}</th>
                  <th scope="col" class="num">{t('failed')}</th>
                  <th scope="col" class="num">{t('pendingCol')}</th>
                  <th scope="col" class="num">{t('cost')}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((row) => (
                  <tr key={row.period} data-period={row.period}>
                    <th scope="row">{row.period}</th>
                    <td class="num">{count(row.messages)}</td>
                    <td class="num">{count(row.parts)}</td>
                    <td class="num">{count(row.accepted)}</td>
                    <td class="num">{count(row.delivered)}</td>
                    <td class="num">{count(row.failed)}</td>
                    <td class="num">{count(row.pending)}</td>
                    <td class="num">{money(row.costMinor)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('total')}</th>
                  <td class="num">{count(data.total.messages)}</td>
                  <td class="num">{count(data.total.parts)}</td>
                  <td class="num">{count(data.total.accepted)}</td>
                  <td class="num">{count(data.total.delivered)}</td>
                  <td class="num">{count(data.total.failed)}</td>
                  <td class="num">{count(data.total.pending)}</td>
                  <td class="num">{money(data.total.costMinor)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
