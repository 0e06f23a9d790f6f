import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { common } from '../../i18n/common.js';
import { useT } from '../../i18n/index.js';
import { Button } from '../../ui/components.js';

/**
 * A modal yes/no question on the native <dialog>: the browser traps focus and closes it on
 * Escape. Focus starts on Cancel, so a stray Enter never deletes anything.
 */
export function ConfirmDialog(props: { title: string; children: ComponentChildren; confirmLabel: string; busy?: boolean; onConfirm: () => void; onCancel: () => void }) {
  const t = useT(common);
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    if (!dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => dialog.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class="acct-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(event) => {
        event.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{props.title}</h2>
      <div id={`${id}-body`}>{props.children}</div>
      <div class="row acct-dialog-actions">
        <button ref={cancelRef} type="button" class="btn btn-secondary" onClick={props.onCancel}>
          {t('cancel')}
        </button>
        <Button kind="danger" busy={props.busy} onClick={props.onConfirm}>
          {props.confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
