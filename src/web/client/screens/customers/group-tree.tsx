import { useState } from 'preact/hooks';
import { useT } from '../../i18n/index.js';
import type { Group } from './customers.api.js';
import { GroupDialog, type GroupAction } from './group-manage.js';
import { groupMessages } from './group-manage.messages.js';
import { messages } from './customers.messages.js';
import { listHref, type ListState } from './list-state.js';

/**
 * The group tree (indented by depth) and the saved filters, as links: the choice lives in the
 * address, so it is keyboard-reachable, bookmarkable and Back undoes it. With `onChanged` (groups:write)
 * buttons below create a group (under the selected one) and rename, move or delete the selected one.
 */
export function GroupTree({ groups, state, onChanged }: { groups: readonly Group[]; state: ListState; onChanged?: (group: Group | null, action: GroupAction) => void }) {
  const t = useT(messages);
  const tg = useT(groupMessages);
  const [action, setAction] = useState<GroupAction | null>(null);
  const selected = groups.find((g) => g.id === state.groupId && g.kind === 'static') ?? null;
  const link = (groupId: number | undefined, label: string, depth = 0) => (
    <li key={groupId ?? 'all'} style={{ paddingLeft: `${depth * 0.9}rem` }}>
      <a href={listHref({ ...state, groupId })} aria-current={state.groupId === groupId ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  const statics = groups.filter((g) => g.kind === 'static');
  const filters = groups.filter((g) => g.kind === 'filter');
  return (
    <nav class="panel cust-groups" aria-label={t('groupsNav')}>
      <h2>{t('groupsHeading')}</h2>
      <ul>
        {link(undefined, t('allCustomers'))}
        {statics.map((g) => link(g.id, g.name, g.depth + 1))}
      </ul>
      {onChanged ? (
        <div class="cust-group-tools" role="group" aria-label={tg('manageLabel')}>
          <button type="button" class="btn btn-secondary" onClick={() => setAction({ kind: 'create', parent: selected })}>
            {selected ? tg('newSubgroup', { name: selected.name }) : tg('newGroup')}
          </button>
          {selected ? (
            <>
              <button type="button" class="btn btn-secondary" aria-label={tg('renameGroup', { name: selected.name })} onClick={() => setAction({ kind: 'rename', group: selected })}>
                {tg('renameShort')}
              </button>
              <button type="button" class="btn btn-secondary" aria-label={tg('moveGroup', { name: selected.name })} onClick={() => setAction({ kind: 'move', group: selected })}>
                {tg('moveShort')}
              </button>
              <button type="button" class="btn btn-danger" aria-label={tg('deleteGroup', { name: selected.name })} onClick={() => setAction({ kind: 'delete', group: selected })}>
                {tg('deleteShort')}
              </button>
            </>
          ) : null}
        </div>
      ) : null}
      {filters.length > 0 ? (
        <>
          <h2>{t('savedFilters')}</h2>
          <ul>{filters.map((g) => link(g.id, g.name))}</ul>
        </>
      ) : null}
      {action && onChanged ? (
        <GroupDialog
          action={action}
          groups={groups}
          onClose={() => setAction(null)}
          onDone={(group) => {
            setAction(null);
            onChanged(group, action);
          }}
        />
      ) : null}
    </nav>
  );
}
