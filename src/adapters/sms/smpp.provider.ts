import { randomInt } from 'node:crypto';
import smpp, { type Pdu, type Session } from 'smpp';
import { guardedTarget, type ConnectGuard } from '../../platform/net/guarded.connector.js';
import { TidingsError } from '../../platform/errors/index.js';
import { splitParts } from './gsm-split.js';
import { rateLimited, unresolvedIsUnavailable } from './sms-errors.js';
import { parseSmppReceipt } from './smpp-receipt.js';
import { tryNormalisePhone } from './phone.js';
import type { DeliveryReceipt, InboundSms, SmsProvider, SmsSendRequest, SmsSendResult } from './sms-provider.js';

/** Options for {@link SmppProvider}. */
export interface SmppProviderOptions {
  readonly host: string;
  readonly port: number;
  /** The SSRF guard: each (re)connect resolves the host once, checks it and connects to that address. */
  readonly guard: ConnectGuard;
  readonly systemId: string;
  readonly password: string;
  readonly systemType?: string;
  /** Default source address (our number or alphanumeric sender). */
  readonly sourceAddr: string;
  /** Keep-alive period (enquire_link), default 30 s. */
  readonly enquireLinkMs?: number;
  /** How long to wait for bind_resp / submit_sm_resp, default 10 s. */
  readonly responseTimeoutMs?: number;
  /** Delivery receipts arriving as deliver_sm. */
  readonly onReceipt?: (receipt: DeliveryReceipt) => void;
  /** Mobile-originated messages arriving as deliver_sm (opt-out keywords). */
  readonly onInbound?: (message: InboundSms) => void;
  /** Connection problems worth logging (the provider reconnects on the next send). */
  readonly onError?: (error: Error) => void;
}

const DATA_CODING = { 'GSM-7': 0x00, 'UCS-2': 0x08 } as const;
const ESM_UDHI = 0x40;
const ESM_RECEIPT = 0x04;

/**
 * SMPP 3.4 over the `smpp` package: one bound transceiver session, opened on the first send and
 * again after the SMSC drops it. Long texts are split into parts (GSM-7 153 / UCS-2 67) each
 * carrying an 8-bit-reference concatenation UDH (05 00 03 ref total seq); every part asks for a
 * final delivery receipt. The message's provider id is the first part's message_id; receipts for
 * the other parts carry ids that match no message and are ignored by the statistics.
 */
export class SmppProvider implements SmsProvider {
  readonly kind = 'smpp' as const;
  readonly #options: SmppProviderOptions;
  #session: Promise<Session> | undefined;
  #current: Session | undefined;
  #closed = false;

  constructor(options: SmppProviderOptions) {
    this.#options = options;
  }

  async send(request: SmsSendRequest): Promise<SmsSendResult> {
    const session = await this.#bound();
    const { encoding, parts } = splitParts(request.text);
    const reference = randomInt(0, 256);
    const ids: string[] = [];
    for (const [index, text] of parts.entries()) {
      const message = encoding === 'GSM-7' ? smpp.gsmCoder.encode(text, 0) : Buffer.from(text, 'utf16le').swap16();
      const udh = parts.length > 1 ? Buffer.from([0x05, 0x00, 0x03, reference, parts.length, index + 1]) : undefined;
      let response: Pdu;
      try {
        response = await this.#request(session, 'submit_sm', {
          source_addr_ton: /^\+?\d+$/.test(request.senderId ?? this.#options.sourceAddr) ? 1 : 5,
          source_addr_npi: 1,
          source_addr: (request.senderId ?? this.#options.sourceAddr).replace(/^\+/, ''),
          dest_addr_ton: 1,
          dest_addr_npi: 1,
          destination_addr: request.to.replace(/^\+/, ''),
          esm_class: udh ? ESM_UDHI : 0,
          data_coding: DATA_CODING[encoding],
          registered_delivery: 0x01,
          short_message: udh ? { udh, message } : message,
        });
      } catch (error) {
        throw ids.length === 0 ? error : partial(ids.length, parts.length, error);
      }
      if (response.command_status !== smpp.ESME_ROK) {
        const error = translateSmppStatus(response.command_status);
        throw ids.length === 0 ? error : partial(ids.length, parts.length, error);
      }
      ids.push(String(response.message_id));
    }
    return { providerMessageId: ids[0] ?? '', parts: parts.length, status: 'accepted' };
  }

  /** Unbinds and closes the session; no reconnect afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    const pending = this.#session;
    this.#session = undefined;
    if (!pending) return;
    const session = await pending.catch(() => undefined);
    if (!session) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => session.destroy(() => resolve()), 2000);
      session.unbind({}, () => {
        clearTimeout(timer);
        session.close(() => resolve());
      });
      session.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** The bound session, connecting and binding when there is none (first use, or after a drop). */
  #bound(): Promise<Session> {
    if (this.#closed) return Promise.reject(new TidingsError('SMS_PROVIDER_UNAVAILABLE', 'The SMPP provider is closed.'));
    this.#session ??= this.#connect().catch((error: unknown) => {
      this.#session = undefined;
      throw error;
    });
    return this.#session;
  }

  async #connect(): Promise<Session> {
    const o = this.#options;
    const target = await guardedTarget(o.host, o.guard, o.guard.setting ?? `SMPP host ${o.host}`).catch((error: unknown) => {
      throw unresolvedIsUnavailable(error);
    });
    return new Promise<Session>((resolve, reject) => {
      const session = smpp.connect({ host: target.address, port: o.port, auto_enquire_link_period: o.enquireLinkMs ?? 30_000 });
      let bound = false;
      session.on('error', (error: Error & { code?: string }) => {
        if (!bound) {
          reject(new TidingsError('SMS_PROVIDER_UNAVAILABLE', `SMPP ${o.host}:${o.port} unreachable: ${error.message}`, { cause: error }));
        } else o.onError?.(error);
      });
      session.on('close', () => {
        // Forget the session so the next send reconnects and binds again.
        if (this.#current === session) {
          this.#current = undefined;
          this.#session = undefined;
        }
      });
      session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
      session.on('unbind', (pdu: Pdu) => {
        session.send(pdu.response());
        session.close();
      });
      session.on('deliver_sm', (pdu: Pdu) => {
        session.send(pdu.response());
        this.#onDeliver(pdu);
      });
      session.on('connect', () => {
        const timer = setTimeout(() => {
          session.destroy();
          reject(new TidingsError('SMS_PROVIDER_UNAVAILABLE', 'SMPP bind timed out.'));
        }, o.responseTimeoutMs ?? 10_000);
        session.bind_transceiver(
          { system_id: o.systemId, password: o.password, system_type: o.systemType ?? '', interface_version: 0x34 },
          (pdu: Pdu) => {
            clearTimeout(timer);
            if (pdu.command_status === smpp.ESME_ROK) {
              bound = true;
              this.#current = session;
              resolve(session);
            } else {
              session.close();
              reject(translateSmppStatus(pdu.command_status, 'bind'));
            }
          },
        );
      });
    });
  }

  #request(session: Session, command: string, fields: Record<string, unknown>): Promise<Pdu> {
    return new Promise<Pdu>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new TidingsError('SMS_OUTCOME_UNKNOWN', `SMPP ${command}: no response in time; the SMSC may have taken it.`));
      }, this.#options.responseTimeoutMs ?? 10_000);
      const onClose = () => {
        clearTimeout(timer);
        reject(new TidingsError('SMS_OUTCOME_UNKNOWN', `SMPP connection closed while waiting for ${command}_resp.`));
      };
      session.once('close', onClose);
      const written = session.send(new smpp.PDU(command, fields), (pdu: Pdu) => {
        clearTimeout(timer);
        session.off('close', onClose);
        resolve(pdu);
      });
      if (!written) {
        clearTimeout(timer);
        session.off('close', onClose);
        this.#session = undefined;
        reject(new TidingsError('SMS_PROVIDER_UNAVAILABLE', `SMPP connection is not writable; ${command} not sent.`));
      }
    });
  }

  #onDeliver(pdu: Pdu): void {
    const body = pdu.short_message as { message?: string | Buffer } | undefined;
    const payload = pdu.message_payload as { message?: string | Buffer } | undefined;
    const text = String(body?.message ?? payload?.message ?? '');
    if ((Number(pdu.esm_class) & 0x3c) === ESM_RECEIPT) {
      const receipt = parseSmppReceipt(text, pdu.receipted_message_id ? String(pdu.receipted_message_id) : undefined);
      if (receipt) this.#options.onReceipt?.(receipt);
      return;
    }
    const from = tryNormalisePhone(`+${String(pdu.source_addr)}`);
    if (from) this.#options.onInbound?.({ from, to: String(pdu.destination_addr ?? ''), text });
  }
}

function partial(sent: number, total: number, cause: unknown): TidingsError {
  return new TidingsError('SMS_OUTCOME_UNKNOWN', `SMPP: ${sent} of ${total} parts were accepted before a failure; the handset may show a partial message.`, {
    cause,
    context: { acceptedParts: sent, parts: total },
  });
}

/** SMPP command_status → our classification (see SmsProvider). */
export function translateSmppStatus(status: number, during: 'submit' | 'bind' = 'submit'): TidingsError {
  const hex = `0x${status.toString(16).padStart(8, '0')}`;
  const context = { provider: 'smpp', commandStatus: hex };
  if (status === smpp.ESME_RTHROTTLED || status === smpp.ESME_RMSGQFUL) {
    return rateLimited('smpp', `SMSC throttling (${hex})`, 1000);
  }
  if (during === 'bind' || status === smpp.ESME_RBINDFAIL || status === smpp.ESME_RINVPASWD || status === smpp.ESME_RINVSYSID) {
    return new TidingsError('SMS_AUTH_FAILED', `SMPP bind refused (${hex}); check system_id and password.`, { context });
  }
  if (status === smpp.ESME_RINVDSTADR) return new TidingsError('SMS_INVALID_NUMBER', `SMSC refused the destination address (${hex}).`, { context });
  if (status === smpp.ESME_RSYSERR) return new TidingsError('SMS_PROVIDER_UNAVAILABLE', `SMSC system error (${hex}); not accepted, retry later.`, { context });
  return new TidingsError('SMS_REJECTED', `SMSC refused the message (${hex}).`, { context });
}
