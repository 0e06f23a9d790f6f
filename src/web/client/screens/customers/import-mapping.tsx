import { useT } from '../../i18n/index.js';
import type { CustomField, ImportResult } from './customers.api.js';
import { messages, type MessageKey } from './customers.messages.js';

/** The importer's standard targets with their labels, in the order a person looks for them. */
const STANDARD: readonly [string, MessageKey][] = [
  ['name', 'tName'],
  ['familyName', 'tFamilyName'],
  ['givenName', 'tGivenName'],
  ['title', 'tTitle'],
  ['gender', 'tGender'],
  ['company', 'tCompany'],
  ['email', 'tEmail'],
  ['emails', 'tEmails'],
  ['phone', 'tPhone'],
  ['phones', 'tPhones'],
  ['birthday', 'tBirthday'],
  ['lunarBirthday', 'tLunarBirthday'],
  ['birthdayCalendar', 'tBirthdayCalendar'],
  ['timeZone', 'tTimeZone'],
  ['language', 'tLanguage'],
  ['owner', 'tOwner'],
  ['groups', 'tGroups'],
  ['notes', 'tNotes'],
  ['locked', 'tLocked'],
];

/** A custom field name made from a header: letters, digits, _ or - (what the API accepts). */
export function customNameOf(header: string): string | undefined {
  const name = header.normalize('NFKC').trim().replace(/[^\p{L}\p{N}_-]+/gu, '_').replace(/^_+|_+$/g, '').slice(0, 64);
  return name === '' ? undefined : name;
}

const customName = (target: string) => /^custom\.([^:]+)/.exec(target)?.[1];

/** `header=target` for every named column: what the API's `map` takes. */
export function mapPairs(targets: readonly { header: string; target: string }[]): string[] {
  return targets.filter((c) => c.header.trim() !== '').map((c) => `${c.header}=${c.target}`);
}

/**
 * The mapping step's table: each column of the file with where it goes, editable. The options are
 * the standard fields, the custom fields already defined, a new custom field named after the
 * column, and "do not import".
 */
export function MappingTable({
  columns,
  fields,
  onChange,
}: {
  columns: ImportResult['columns'];
  fields: readonly CustomField[];
  onChange: (index: number, target: string) => void;
}) {
  const t = useT(messages);
  return (
    <div class="table-wrap">
      <table class="cust-mapping">
        <thead>
          <tr>
            <th scope="col">{t('colHeader')}</th>
            <th scope="col">{t('colTarget')}</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((column, index) => {
            const custom = new Set(fields.map((f) => `custom.${f.name}`));
            const own = customNameOf(column.header);
            if (own && !fields.some((f) => f.name === own)) custom.add(`custom.${own}`);
            if (column.target.startsWith('custom.') && ![...custom].some((c) => customName(c) === customName(column.target))) custom.add(column.target);
            const options = [
              ...STANDARD.map(([value, key]) => ({ value, label: t(key) })),
              ...[...custom].map((value) => ({ value, label: t('targetCustom', { name: customName(value) ?? value }) })),
              { value: 'ignore', label: t('targetIgnore') },
            ];
            // A proposed "custom.vip:boolean" is shown under its field's option.
            const selected = options.some((o) => o.value === column.target) ? column.target : ([...custom].find((c) => customName(c) === customName(column.target)) ?? column.target);
            return (
              <tr key={`${index}-${column.header}`} class={column.target === 'ignore' ? 'cust-ignored' : undefined}>
                <th scope="row">{column.header || `#${index + 1}`}</th>
                <td>
                  <select
                    aria-label={t('targetFor', { header: column.header || `#${index + 1}` })}
                    value={selected}
                    onChange={(event) => onChange(index, (event.currentTarget as HTMLSelectElement).value)}
                  >
                    {options.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
