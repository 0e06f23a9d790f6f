import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { EmailTransport, OutgoingEmail, SendReceipt } from './email.transport.js';
import { toMailOptions } from './mail-options.js';

/** Options for {@link FileTransport}. */
export interface FileTransportOptions {
  /** Directory the .eml files are written to (created if missing). */
  readonly directory: string;
}

/**
 * Writes each message as an RFC 5322 `.eml` file instead of sending it: dry runs, previews and
 * "what exactly would go out". The file is named after the Message-ID, so a repeated send of the
 * same row overwrites rather than duplicates.
 */
export class FileTransport implements EmailTransport {
  private readonly mailer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  constructor(private readonly options: FileTransportOptions) {}

  async send(message: OutgoingEmail): Promise<SendReceipt> {
    const info = await this.mailer.sendMail(toMailOptions(message));
    await mkdir(this.options.directory, { recursive: true });
    const name = `${message.messageId.replace(/[<>]/g, '').replace(/[^A-Za-z0-9._@-]/g, '_')}.eml`;
    await writeFile(join(this.options.directory, name), info.message as Buffer);
    return { messageId: message.messageId, response: `250 written ${name}` };
  }

  async close(): Promise<void> {}
}
