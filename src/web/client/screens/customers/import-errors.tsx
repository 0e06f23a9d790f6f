import { useEffect, useMemo } from 'preact/hooks';
import { useLocale, useT } from '../../i18n/index.js';
import { formatCount } from '../../i18n/format.js';
import type { ImportError } from './customers.api.js';
import { messages } from './customers.messages.js';

const cell = (value: string | number) => {
  const text = String(value);
  // Quote like RFC 4180; a leading formula character is neutralised for spreadsheets.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The rows with errors as a table, and the same list as a CSV download (the error report). */
export function ImportErrors({ errors, truncated }: { errors: readonly ImportError[]; truncated: boolean }) {
  const t = useT(messages);
  const { locale } = useLocale();
  const href = useMemo(() => {
    if (errors.length === 0) return undefined;
    const csv = [[t('errRow'), t('errColumn'), t('errReason')], ...errors.map((e) => [e.row, e.column, e.reason])].map((r) => r.map(cell).join(',')).join('\r\n');
    return URL.createObjectURL(new Blob(['\uFEFF', csv, '\r\n'], { type: 'text/csv;charset=utf-8' }));
  }, [errors, t]);
  useEffect(() => () => (href ? URL.revokeObjectURL(href) : undefined), [href]);

  if (errors.length === 0) return <p>{t('noErrors')}</p>;
  return (
    <section aria-labelledby="import-errors-heading">
      <h3 id="import-errors-heading">{t('errorsHeading')}</h3>
      {truncated ? <p class="hint">{t('errorsTruncated', { count: formatCount(errors.length, locale) })}</p> : null}
      <div class="table-wrap cust-errors">
        <table>
          <thead>
            <tr>
              <th scope="col" class="num">
                {t('errRow')}
              </th>
              <th scope="col">{t('errColumn')}</th>
              <th scope="col">{t('errReason')}</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, i) => (
              <tr key={`${e.row}-${i}`}>
                <td class="num">{e.row}</td>
                <td>{e.column || '—'}</td>
                <td>{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={href} download="import-errors.csv">
          {t('downloadErrors')}
        </a>
      </p>
    </section>
  );
}
