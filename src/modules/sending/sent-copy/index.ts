/** Sent-folder copies: a transport decorator that files each accepted message in the account's IMAP Sent folder. */
export { copiesToSent, copyToSentValues, inheritedCopyToSent, type CopyToSentColumn } from './copy-to-sent.js';
export { copyToSentMigration } from './sent-copy.migration.js';
export { buildRawMessage } from './raw-message.js';
export { SentFolderAppender, type AppendResult, type SentFolderAppenderOptions } from './sent-folder.appender.js';
export { DEFAULT_SENT_FOLDER, locateSentFolder, pickSentFolder, SENT_FOLDER_NAMES } from './sent-folder.locate.js';
export { SentCopyTransport, type SentCopyCounts, type SentCopyTransportOptions } from './sent-copy.transport.js';
