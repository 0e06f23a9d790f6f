import { useId, useState } from 'preact/hooks';
import { useT } from '../../i18n/index.js';
import { Button } from '../../ui/components.js';
import type { LanguageDraft } from './template.types.js';
import { templatesMessages } from './templates.messages.js';

/** Canonical form of a typed language tag (`en_gb` → `en-GB`), or null when it is not one. */
export function languageTag(typed: string): string | null {
  const trimmed = typed.trim().replace(/_/g, '-');
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(trimmed)) return null;
  try {
    return Intl.getCanonicalLocales(trimmed)[0] ?? null;
  } catch {
    return null;
  }
}

interface LanguageTabsProps {
  readonly variants: readonly LanguageDraft[];
  readonly active: number;
  readonly onActive: (index: number) => void;
  /** Adds a language (its content a copy of the active tab's); absent when read-only. */
  readonly onAdd?: ((language: string) => void) | undefined;
  readonly onRemove?: ((index: number) => void) | undefined;
  readonly onMakeDefault?: ((index: number) => void) | undefined;
}

/**
 * The language tabs of a template: one per language variant, the default first. A marketer adds
 * a language (the server decides which customers get it: their language, then its base, then the
 * default), removes one, or makes one the default.
 */
export function LanguageTabs({ variants, active, onActive, onAdd, onRemove, onMakeDefault }: LanguageTabsProps) {
  const t = useT(templatesMessages);
  const id = useId();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const name = (v: LanguageDraft) => (v.language === 'und' ? t('languageAny') : v.language);
  const current = variants[active];

  const add = () => {
    const tag = languageTag(typed);
    if (!tag) return setProblem(t('languageInvalid'));
    if (variants.some((v) => v.language.toLowerCase() === tag.toLowerCase())) return setProblem(t('languageTaken', { language: tag }));
    setProblem(null);
    setTyped('');
    onAdd?.(tag);
  };

  return (
    <div class="language-tabs">
      {/* Inline layout: the tabs are this screen's alone, the shared stylesheet stays untouched. */}
      <div role="tablist" aria-label={t('languages')} class="tabs" style={{ display: 'flex', flexWrap: 'wrap', gap: '0.25rem', marginBottom: '0.25rem' }}>
        {variants.map((v, i) => (
          <button
            key={v.language}
            type="button"
            role="tab"
            class={i === active ? 'btn btn-primary' : 'btn btn-secondary'}
            aria-selected={i === active}
            data-language={v.language}
            onClick={() => onActive(i)}
          >
            {i === 0 ? t('languageDefault', { language: name(v) }) : t('languageTab', { language: name(v) })}
          </button>
        ))}
      </div>
      <p class="hint">{t('defaultHint')}</p>
      {current && active > 0 && (onRemove || onMakeDefault) ? (
        <div class="form-actions">
          {onMakeDefault ? (
            <Button kind="secondary" onClick={() => onMakeDefault(active)}>
              {t('makeDefault', { language: name(current) })}
            </Button>
          ) : null}
          {onRemove ? (
            <Button kind="secondary" onClick={() => onRemove(active)}>
              {t('removeLanguage', { language: name(current) })}
            </Button>
          ) : null}
        </div>
      ) : null}
      {onAdd ? (
        <div class="row language-add">
          <div class="field">
            <label for={id}>{t('newLanguage')}</label>
            <input
              id={id}
              type="text"
              value={typed}
              maxLength={35}
              aria-describedby={`${id}-hint`}
              aria-invalid={problem ? true : undefined}
              onInput={(event) => setTyped((event.currentTarget as HTMLInputElement).value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  add();
                }
              }}
            />
            <small id={`${id}-hint`} class="hint">
              {problem ?? t('newLanguageHint')}
            </small>
          </div>
          <Button kind="secondary" onClick={add}>
            {t('addLanguage')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
