import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useT } from '../../i18n/index.js';
import { Button, ErrorNotice, TextField } from '../../ui/components.js';
import type { Group } from './customers.api.js';
import { messages } from './customers.messages.js';

/** Saves the current filters (and group) as a saved filter that then appears in the tree. */
export function SaveFilter({ filter, onSaved }: { filter: Readonly<Record<string, unknown>>; onSaved: (group: Group) => void }) {
  const t = useT(messages);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  async function save(event: Event) {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await api<Group>('/api/groups', { body: { name: name.trim(), filter } }));
      setName('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="cust-save-filter" onSubmit={save}>
      <TextField label={t('saveFilterName')} value={name} onValue={setName} maxLength={100} />
      <Button type="submit" kind="secondary" busy={busy} disabled={!name.trim()}>
        {t('saveFilter')}
      </Button>
      <ErrorNotice error={error} />
    </form>
  );
}
