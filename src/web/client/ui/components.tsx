import type { ComponentChildren, JSX } from 'preact';
import { useId } from 'preact/hooks';
import { ApiError } from '../api.js';
import { common } from '../i18n/common.js';
import { useT } from '../i18n/index.js';
import { uiMessages } from './messages.js';

/** A screen's heading with optional actions on the right. */
export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <header class="page-header">
      <h1>{title}</h1>
      {children ? <div class="page-actions">{children}</div> : null}
    </header>
  );
}

/** A failed request, said in words with the server's stable code; announced to screen readers. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT(common);
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div class="notice notice-error" role="alert">
      <strong>{t('errorPrefix')}{code ? ` ${code}` : ''}:</strong> {message}
      {onRetry ? (
        <button type="button" class="link" onClick={onRetry}>
          {t('retry')}
        </button>
      ) : null}
    </div>
  );
}

/** A success or information line, announced politely. */
export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'warning'; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${kind}`} role="status">
      {children}
    </div>
  );
}

/** "Loading…" announced to screen readers. */
export function Loading() {
  const t = useT(common);
  return (
    <p class="loading" role="status" aria-live="polite">
      {t('loading')}
    </p>
  );
}

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'label' | 'onInput'> & {
  readonly label: string;
  readonly hint?: ComponentChildren;
  readonly value: string;
  readonly onValue: (value: string) => void;
};

/** A labelled text input; the hint is tied to the input with aria-describedby. */
export function TextField({ label, hint, value, onValue, required, ...rest }: InputProps) {
  const t = useT(uiMessages);
  const id = useId();
  return (
    <div class="field">
      <label for={id}>
        {label}
        {required ? <span class="required" aria-hidden="true"> *</span> : null}
      </label>
      <input
        {...rest}
        id={id}
        value={value}
        required={required}
        aria-describedby={hint ? `${id}-hint` : undefined}
        aria-label={required ? `${label} (${t('required')})` : undefined}
        onInput={(event) => onValue((event.currentTarget as HTMLInputElement).value)}
      />
      {hint ? (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      ) : null}
    </div>
  );
}

type SelectProps = {
  readonly label: string;
  readonly value: string;
  readonly onValue: (value: string) => void;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly hint?: ComponentChildren;
  readonly disabled?: boolean;
  readonly name?: string;
};

/** A labelled select. */
export function SelectField({ label, value, onValue, options, hint, disabled, name }: SelectProps) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={name} value={value} disabled={disabled} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(event) => onValue((event.currentTarget as HTMLSelectElement).value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint ? (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      ) : null}
    </div>
  );
}

/** A labelled multi-line text area. */
export function TextArea({ label, value, onValue, rows = 6, hint, name, mono }: { label: string; value: string; onValue: (v: string) => void; rows?: number; hint?: ComponentChildren; name?: string; mono?: boolean }) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea id={id} name={name} rows={rows} class={mono ? 'mono' : undefined} value={value} aria-describedby={hint ? `${id}-hint` : undefined} onInput={(event) => onValue((event.currentTarget as HTMLTextAreaElement).value)} />
      {hint ? (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      ) : null}
    </div>
  );
}

/** A button that shows it is busy and cannot be pressed twice meanwhile. */
export function Button({ busy, children, kind = 'primary', ...rest }: JSX.ButtonHTMLAttributes<HTMLButtonElement> & { busy?: boolean; kind?: 'primary' | 'secondary' | 'danger' }) {
  const t = useT(uiMessages);
  return (
    <button type="button" {...rest} class={`btn btn-${kind}`} disabled={busy || rest.disabled} aria-busy={busy ? 'true' : undefined}>
      {busy ? t('working') : children}
    </button>
  );
}
