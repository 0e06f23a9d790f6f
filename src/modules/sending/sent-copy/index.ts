/**
 * Sent-folder copies: which campaigns file a copy (this module's column and migration); the
 * transport decorator that appends each accepted message over IMAP lives in src/adapters/mail/sent-copy.
 */
export { copiesToSent, copyToSentValues, inheritedCopyToSent, type CopyToSentColumn } from './copy-to-sent.js';
export { copyToSentMigration } from './sent-copy.migration.js';
export { buildRawMessage } from '../../../adapters/mail/sent-copy/raw-message.js';
export { SentFolderAppender, type AppendResult, type SentFolderAppenderOptions } from '../../../adapters/mail/sent-copy/sent-folder.appender.js';
export { DEFAULT_SENT_FOLDER, locateSentFolder, pickSentFolder, SENT_FOLDER_NAMES } from '../../../adapters/mail/sent-copy/sent-folder.locate.js';
export { SentCopyTransport, type SentCopyCounts, type SentCopyTransportOptions } from '../../../adapters/mail/sent-copy/sent-copy.transport.js';
