import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/** A labelled checkbox with an optional hint tied to it. */
export function CheckboxField({ label, checked, onChecked, hint, name }: { label: string; checked: boolean; onChecked: (checked: boolean) => void; hint?: ComponentChildren; name?: string }) {
  const id = useId();
  return (
    <div class="field acct-checkbox">
      <label for={id}>
        <input id={id} name={name} type="checkbox" checked={checked} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(event) => onChecked((event.currentTarget as HTMLInputElement).checked)} />{' '}
        {label}
      </label>
      {hint ? (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      ) : null}
    </div>
  );
}
