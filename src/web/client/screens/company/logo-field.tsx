import { useId, useState } from 'preact/hooks';
import { useT } from '../../i18n/index.js';
import { companyMessages } from './company.messages.js';

/** The server's limit (LOGO_MAX_CHARS in src/modules/company) on the data URL; the file itself must be a bit smaller. */
const LOGO_MAX_BYTES = 150 * 1024;
const TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** Picks a small image and hands it on as a data URL; shows the current logo with a way to remove it. */
export function LogoField({ value, onValue }: { value: string | null; onValue: (logo: string | null) => void }) {
  const t = useT(companyMessages);
  const id = useId();
  const [problem, setProblem] = useState('');

  const pick = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    setProblem('');
    if (!file) return;
    if (!TYPES.includes(file.type)) return setProblem(t('logoWrongType'));
    if (file.size > LOGO_MAX_BYTES) return setProblem(t('logoTooLarge'));
    const reader = new FileReader();
    reader.onload = () => onValue(typeof reader.result === 'string' ? reader.result : null);
    reader.readAsDataURL(file);
  };

  return (
    <div class="field">
      <label for={id}>{t('logo')}</label>
      {value ? <img class="company-logo" src={value} alt={t('logoPreview')} /> : <p class="hint">{t('logoNone')}</p>}
      <input id={id} type="file" accept={TYPES.join(',')} aria-describedby={`${id}-hint`} onChange={pick} />
      <small id={`${id}-hint`} class="hint">
        {t('logoHint')}
      </small>
      {problem ? (
        <p class="notice notice-error" role="alert">
          {problem}
        </p>
      ) : null}
      {value ? (
        <button type="button" class="btn btn-secondary" onClick={() => onValue(null)}>
          {t('logoRemove')}
        </button>
      ) : null}
    </div>
  );
}
