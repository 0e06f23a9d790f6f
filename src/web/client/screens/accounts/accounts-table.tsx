import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorNotice, Loading, Notice } from '../../ui/components.js';
import type { AsyncState } from '../../ui/use-async.js';

/** A row action's state: which row is busy, the last failure, the last success notice. */
export interface AccountActions {
  readonly busy: number | null;
  readonly failure: unknown;
  readonly notice: string | undefined;
  /** Runs `work` for row `id`, then shows `done` and reloads the list; a failure is shown instead. */
  act(id: number, work: () => Promise<unknown>, done: string): Promise<void>;
}

/** Row actions of an account list; `flash` is a notice carried over from the page that led here. */
export function useAccountActions(reload: () => void, flash?: string): AccountActions {
  const [busy, setBusy] = useState<number | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | undefined>(flash);

  async function act(id: number, work: () => Promise<unknown>, done: string) {
    setBusy(id);
    setFailure(null);
    try {
      await work();
      setNotice(done);
      reload();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(null);
    }
  }
  return { busy, failure, notice, act };
}

/** What {@link AccountsTable} shows around the rows. */
export interface AccountsTableProps<T> {
  readonly headingId: string;
  readonly heading: string;
  /** The "add" link, shown to roles that may change accounts. */
  readonly add?: { readonly href: string; readonly label: string } | undefined;
  readonly list: AsyncState<readonly T[]>;
  readonly actions: AccountActions;
  readonly emptyText: string;
  readonly columns: readonly string[];
  /** The table's rows (`<tr>` elements). */
  readonly rows: ComponentChildren;
  /** Shown after the table, e.g. a confirmation dialog. */
  readonly children?: ComponentChildren;
}

/** One kind of account as a panel: heading, add link, notices, loading and empty states, the table. */
export function AccountsTable<T>({ headingId, heading, add, list, actions, emptyText, columns, rows, children }: AccountsTableProps<T>) {
  const count = list.data?.length ?? 0;
  return (
    <section class="panel" aria-labelledby={headingId}>
      <div class="page-header acct-panel-head">
        <h2 id={headingId}>{heading}</h2>
        {add ? (
          <a class="btn btn-primary" href={add.href}>
            {add.label}
          </a>
        ) : null}
      </div>
      {actions.notice ? <Notice kind="success">{actions.notice}</Notice> : null}
      <ErrorNotice error={actions.failure} />
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && count === 0 ? <p>{emptyText}</p> : null}
      {count > 0 ? (
        <div class="table-wrap">
          <table class="acct-table" aria-labelledby={headingId}>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th scope="col" key={column}>
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{rows}</tbody>
          </table>
        </div>
      ) : null}
      {children}
    </section>
  );
}
