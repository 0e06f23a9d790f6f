/** The subject of a reply: "Re: " once, however many times the thread went back and forth. */
export function replySubject(subject: string | null): string {
  const base = (subject ?? '').replace(/^\s*((re|aw|回复|答复)\s*[:：]\s*)+/i, '').trim();
  return `Re: ${base}`.trim();
}

/**
 * The thread headers of a reply to a received message (RFC 5322 §3.6.4): In-Reply-To is its
 * Message-ID; References is its References followed by its Message-ID. Undefined when the message
 * has no Message-ID (the reply then starts a new thread).
 */
export function replyThread(message: { readonly message_id: string | null; readonly references_header: string | null }): { inReplyTo: string; references: string } | undefined {
  const id = message.message_id?.trim();
  if (!id) return undefined;
  const inReplyTo = id.startsWith('<') ? id : `<${id}>`;
  const earlier = (message.references_header ?? '').split(/\s+/).filter((r) => r && r !== inReplyTo);
  return { inReplyTo, references: [...earlier, inReplyTo].join(' ') };
}
