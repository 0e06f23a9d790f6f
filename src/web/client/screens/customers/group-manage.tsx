import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { common } from '../../i18n/common.js';
import { useT } from '../../i18n/index.js';
import { Button, ErrorNotice, SelectField, TextField } from '../../ui/components.js';
import { ModalDialog } from '../../ui/modal-dialog.js';
import type { Group } from './customers.api.js';
import { groupMessages } from './group-manage.messages.js';

/** What the dialog does: create (under `parent`, or at the top), rename, move or delete `group`. */
export type GroupAction = { kind: 'create'; parent: Group | null } | { kind: 'rename' | 'move' | 'delete'; group: Group };

/** The group and every group below it, by parentId (paths are names, which may repeat across branches). */
export function subtree(groups: readonly Group[], root: Group): Group[] {
  const out: Group[] = [root];
  for (let i = 0; i < out.length; i++) {
    const parent = out[i];
    if (parent) out.push(...groups.filter((g) => g.parentId === parent.id));
  }
  return out;
}

/**
 * The small dialog behind the tree's buttons (POST / PATCH / DELETE /api/groups). `onDone` gets the
 * group created or changed, or null after a delete.
 */
export function GroupDialog({ action, groups, onClose, onDone }: { action: GroupAction; groups: readonly Group[]; onClose: () => void; onDone: (group: Group | null) => void }) {
  const t = useT(groupMessages);
  const tc = useT(common);
  const statics = groups.filter((g) => g.kind === 'static');
  const target = action.kind === 'create' ? null : action.group;
  const below = target ? subtree(statics, target) : [];
  const [name, setName] = useState(target?.name ?? '');
  const [parent, setParent] = useState(action.kind === 'create' ? String(action.parent?.id ?? '') : String(target?.parentId ?? ''));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  // A group cannot move under itself or its own subgroups.
  const parentOptions = [{ value: '', label: t('topLevel') }, ...statics.filter((g) => !below.includes(g)).map((g) => ({ value: String(g.id), label: g.path }))];
  const parentId = parent === '' ? null : Number(parent);

  const title =
    action.kind === 'create'
      ? action.parent
        ? t('newSubgroup', { name: action.parent.name })
        : t('newGroup')
      : t(action.kind === 'rename' ? 'renameGroup' : action.kind === 'move' ? 'moveGroup' : 'deleteGroup', { name: action.group.name });

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (action.kind === 'create') onDone(await api<Group>('/api/groups', { body: { name: name.trim(), parentId } }));
      else if (action.kind === 'rename') onDone(await api<Group>(`/api/groups/${action.group.id}`, { method: 'PATCH', body: { name: name.trim() } }));
      else if (action.kind === 'move') onDone(await api<Group>(`/api/groups/${action.group.id}`, { method: 'PATCH', body: { parentId } }));
      else {
        await api<unknown>(`/api/groups/${action.group.id}`, { method: 'DELETE' });
        onDone(null);
      }
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  const needsName = action.kind === 'create' || action.kind === 'rename';
  const submitLabel = { create: t('create'), rename: t('rename'), move: t('move'), delete: t('remove') }[action.kind];
  return (
    <ModalDialog title={title} onClose={onClose}>
      <form onSubmit={submit}>
        {needsName ? <TextField label={t('nameLabel')} value={name} onValue={setName} maxLength={100} required autoFocus /> : null}
        {action.kind === 'create' || action.kind === 'move' ? (
          <SelectField label={action.kind === 'move' ? t('newParentLabel') : t('parentLabel')} value={parent} onValue={setParent} options={parentOptions} />
        ) : null}
        {action.kind === 'delete' ? (
          <>
            <p>{t('deleteConfirm', { name: action.group.name })}</p>
            {below.length > 1 ? <p>{t('deleteSubgroups', { names: below.slice(1).map((g) => g.name).join(', ') })}</p> : null}
          </>
        ) : null}
        <ErrorNotice error={error} />
        <div class="cust-actions">
          <Button type="submit" kind={action.kind === 'delete' ? 'danger' : 'primary'} busy={busy} disabled={needsName && !name.trim()}>
            {submitLabel}
          </Button>
          <Button kind="secondary" onClick={onClose}>
            {tc('cancel')}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
