import type { ImapFlow, ListResponse } from 'imapflow';

/**
 * Names clients and providers use for the Sent folder when the server does not mark it with
 * SPECIAL-USE \Sent (RFC 6154), in order of preference. 已发送 is what QQ, 163 and Aliyun use.
 */
export const SENT_FOLDER_NAMES = ['Sent', 'Sent Messages', 'Sent Items', '已发送', 'INBOX.Sent', 'INBOX/Sent', 'Sent Mail'] as const;

/** The folder created when a mailbox has none of the above. */
export const DEFAULT_SENT_FOLDER = 'Sent';

/**
 * Picks the Sent folder from a LIST result: the one the server flags \Sent, else the first of
 * {@link SENT_FOLDER_NAMES} present (case-insensitive, by full path or by name), else the one
 * imapflow guessed from a localised name. Undefined when there is none.
 */
export function pickSentFolder(folders: readonly ListResponse[]): string | undefined {
  const flagged = folders.find((f) => f.specialUse === '\\Sent' && f.specialUseSource !== 'name');
  if (flagged) return flagged.path;
  for (const wanted of SENT_FOLDER_NAMES) {
    const lower = wanted.toLowerCase();
    const hit = folders.find((f) => f.path.toLowerCase() === lower) ?? folders.find((f) => f.name.toLowerCase() === lower && f.parent.every((p) => p.toUpperCase() === 'INBOX'));
    if (hit) return hit.path;
  }
  return folders.find((f) => f.specialUse === '\\Sent')?.path;
}

/** The Sent folder's path on the connected server, creating "Sent" when the mailbox has none. */
export async function locateSentFolder(client: ImapFlow): Promise<string> {
  const found = pickSentFolder(await client.list());
  if (found) return found;
  const created = await client.mailboxCreate(DEFAULT_SENT_FOLDER);
  return created.path;
}
