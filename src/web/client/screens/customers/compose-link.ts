/**
 * The deep link of "send the greeting" (overview, digest email): `?compose=1&template=<id>` on a
 * customer's page opens the one-off compose dialog for that customer on that template; on the
 * customer list, the template is the one the dialog starts with once customers are ticked.
 */
export function composeRequest(query: Readonly<Record<string, string | undefined>>): { open: boolean; template: number | undefined } {
  const id = Number(query['template']);
  return { open: query['compose'] === '1', template: Number.isSafeInteger(id) && id > 0 ? id : undefined };
}

