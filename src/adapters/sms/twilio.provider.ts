import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { createRequire } from 'node:module';
import type twilio from 'twilio';
import { assertLiteralAllowed, guardedLookup, type ConnectGuard } from '../../platform/net/guarded.connector.js';
import { isTidingsError, TidingsError } from '../../platform/errors/index.js';
import { failedBeforeSending, rateLimited, retryAfterMs, unresolvedIsUnavailable } from './sms-errors.js';
import type { DeliveryReceipt, InboundSms, SmsProvider, SmsSendRequest, SmsSendResult, WebhookRequest } from './sms-provider.js';
import { tryNormalisePhone } from './phone.js';
import { countSegments } from './segments.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

/** Options for {@link TwilioProvider}. */
export interface TwilioProviderOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** Sender number (E.164) or alphanumeric sender id; or use `messagingServiceSid`. */
  readonly from?: string;
  readonly messagingServiceSid?: string;
  /** Public URL of our status webhook, sent as StatusCallback. */
  readonly statusCallbackUrl?: string;
  /** Another origin for the REST API (tests: a local server speaking Twilio's wire format). */
  readonly apiBaseUrl?: string;
  /**
   * The SSRF guard for `apiBaseUrl` (a user-supplied host): every new connection resolves it once,
   * checks it and connects to that address. Twilio's own api.twilio.com is not user-supplied.
   */
  readonly guard: ConnectGuard;
  readonly timeoutMs?: number;
  /**
   * Connections kept to the API (default 20, the SDK's per-host cap): requests beyond it wait for
   * a free one. All of them stay open between requests (keep-alive), see {@link TwilioRequestClient}.
   */
  readonly maxSockets?: number;
  /** Dates delivery receipts that carry no time of their own. */
  readonly clock?: Clock;
}

type RequestOptions<TData> = Parameters<typeof twilio.RequestClient.prototype.request<TData>>[0];
type RequestResponse<TData> = { statusCode: number; body: TData; headers: Record<string, unknown> };

const require = createRequire(import.meta.url);
let sdk: typeof twilio | undefined;
/**
 * The Twilio SDK, loaded on first use (~20 MB resident, ~10 MB of heap): a process that never
 * talks to Twilio, such as an email worker, never loads it. Loaded synchronously (the SDK is
 * CommonJS), so the provider's API stays synchronous.
 */
function twilioSdk(): typeof twilio {
  sdk ??= require('twilio') as typeof twilio;
  return sdk;
}

/** Twilio's API error codes that mean "never retry this message" beyond the generic 4xx rule. */
const INVALID_NUMBER_CODES = new Set([21211, 21614, 21612, 21408, 21610]);
const AUTH_CODES = new Set([20003, 20404]);

/**
 * Twilio's RequestClient pointed at another origin, reading Retry-After on 429 (the SDK's
 * RestException drops the headers), and keeping its connections open.
 *
 * The SDK's https agent keeps alive only 5 idle sockets (maxFreeSockets) of 20: with more messages
 * in flight than that, every socket freed while no request waits is closed, so most sends paid a
 * new TCP + TLS handshake (400 sends, 20 in flight, 2 ms between a worker's sends: 117 handshakes;
 * against the real API each is a few round trips). Here every socket the pool may open stays
 * open; idle ones close after the request timeout (the agent's socket timeout), before a typical
 * load balancer's idle limit. A plain-http origin (tests, the benchmark) gets the same pool.
 *
 * It extends the SDK's RequestClient, which exists once the SDK is loaded: `new
 * TwilioRequestClient(…)` returns an instance of that subclass, defined on first use.
 *
 * Exported for tests only.
 */
export class TwilioRequestClient {
  constructor(baseUrl: string | undefined, timeoutMs: number, maxSockets = 20, guard: ConnectGuard = {}) {
    return new (keepAliveRequestClient())(baseUrl, timeoutMs, maxSockets, guard);
  }
}
// Its instances are the SDK's RequestClients (see the constructor).
export interface TwilioRequestClient extends twilio.RequestClient {}

type KeepAliveRequestClient = new (baseUrl: string | undefined, timeoutMs: number, maxSockets: number, guard: ConnectGuard) => twilio.RequestClient;

/** The TidingsError (a guard refusal) inside an axios error's cause chain, if any. */
function guardRefusal(error: unknown): TidingsError | undefined {
  for (let e = error as { cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (isTidingsError(e)) return e;
  }
  return undefined;
}
let keepAliveClass: KeepAliveRequestClient | undefined;
function keepAliveRequestClient(): KeepAliveRequestClient {
  keepAliveClass ??= class extends twilioSdk().RequestClient {
    private literalChecked: Promise<void> | undefined;
    constructor(
      private readonly baseUrl: string | undefined,
      timeoutMs: number,
      maxSockets: number,
      private readonly guard: ConnectGuard,
    ) {
      super({ timeout: timeoutMs, keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
      if (baseUrl) {
        // A user-supplied origin: each new socket resolves it through the guard and connects to
        // the checked address; no redirect may lead elsewhere.
        const setting = guard.setting ?? `Twilio API base URL ${new URL(baseUrl).origin}`;
        const agent = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: timeoutMs, lookup: guardedLookup(guard, setting) };
        this.axios.defaults.httpAgent = new HttpAgent(agent);
        this.axios.defaults.httpsAgent = new HttpsAgent(agent);
        this.axios.defaults.maxRedirects = 0;
      }
    }

    override async request<TData>(opts: RequestOptions<TData>): Promise<RequestResponse<TData>> {
      let uri = opts.uri;
      if (this.baseUrl) {
        const target = new URL(opts.uri);
        const base = new URL(this.baseUrl);
        target.protocol = base.protocol;
        target.host = base.host;
        uri = target.href;
        // Node skips `lookup` for an IP literal, so the guard checks it here (once: the base is fixed).
        this.literalChecked ??= assertLiteralAllowed(base, this.guard, this.guard.setting ?? `Twilio API base URL ${base.origin}`);
        await this.literalChecked;
      }
      let response: RequestResponse<TData>;
      try {
        response = await super.request<TData>({ ...opts, uri, ...(this.baseUrl ? { allowRedirects: false } : {}) });
      } catch (error) {
        const refused = guardRefusal(error);
        throw refused ? unresolvedIsUnavailable(refused) : error;
      }
      if (response.statusCode === 429) {
        throw rateLimited('twilio', 'Too Many Requests', retryAfterMs(response.headers?.['retry-after'] as string | undefined));
      }
      return response;
    }
  };
  return keepAliveClass;
}

/** Twilio status → our delivery status. */
function receiptStatus(status: string): DeliveryReceipt['status'] {
  if (status === 'delivered' || status === 'read') return 'delivered';
  if (status === 'failed' || status === 'undelivered' || status === 'canceled') return 'failed';
  return 'accepted';
}

/** Twilio Programmable Messaging through the official SDK. */
export class TwilioProvider implements SmsProvider {
  readonly kind = 'twilio' as const;
  readonly #client: twilio.Twilio;
  readonly #options: TwilioProviderOptions;

  constructor(options: TwilioProviderOptions) {
    if (!options.from && !options.messagingServiceSid) {
      throw new TidingsError('SMS_PROVIDER_NOT_SUPPORTED', 'A Twilio account needs a sender number (from) or a messagingServiceSid.');
    }
    this.#options = options;
    this.#client = twilioSdk()(options.accountSid, options.authToken, {
      httpClient: new TwilioRequestClient(options.apiBaseUrl, options.timeoutMs ?? 15_000, options.maxSockets, options.guard),
    });
  }

  async send(request: SmsSendRequest): Promise<SmsSendResult> {
    const from = request.senderId ?? this.#options.from;
    try {
      const message = await this.#client.messages.create({
        to: request.to,
        body: request.text,
        ...(this.#options.messagingServiceSid && !request.senderId
          ? { messagingServiceSid: this.#options.messagingServiceSid }
          : { from: from! }),
        ...(this.#options.statusCallbackUrl ? { statusCallback: this.#options.statusCallbackUrl } : {}),
      });
      // Through a Messaging Service num_segments is "0" until a sender is picked: count it ourselves then.
      const reported = Number(message.numSegments);
      const parts = reported > 0 ? reported : countSegments(request.text, { provider: 'twilio' }).segments;
      return { providerMessageId: message.sid, parts, status: 'accepted' };
    } catch (error) {
      throw translateTwilioError(error);
    }
  }

  /** Verifies X-Twilio-Signature and parses a status callback (MessageSid, MessageStatus, ErrorCode). */
  parseStatusCallback(request: WebhookRequest): DeliveryReceipt[] {
    const form = this.#verified(request);
    const sid = form.MessageSid ?? form.SmsSid;
    const status = form.MessageStatus ?? form.SmsStatus;
    if (!sid || !status) return [];
    const to = form.To ? tryNormalisePhone(form.To) : undefined;
    return [
      {
        providerMessageId: sid,
        status: receiptStatus(status),
        providerStatus: status,
        ...(form.ErrorCode ? { errorCode: form.ErrorCode } : {}),
        ...(to ? { to } : {}),
        ...(receiptStatus(status) === 'delivered' ? { deliveredAt: (this.#options.clock ?? systemClock).now() } : {}),
      },
    ];
  }

  /** Verifies X-Twilio-Signature and parses an inbound message (From, To, Body). */
  parseInbound(request: WebhookRequest): InboundSms[] {
    const form = this.#verified(request);
    const from = form.From ? tryNormalisePhone(form.From) : undefined;
    if (!from) return [];
    return [{ from, to: form.To ?? '', text: form.Body ?? '', ...(form.MessageSid ? { providerMessageId: form.MessageSid } : {}) }];
  }

  #verified(request: WebhookRequest): Record<string, string> {
    const form = (request.body ?? {}) as Record<string, string>;
    const header = request.headers['x-twilio-signature'];
    const signature = Array.isArray(header) ? header[0] : header;
    if (!signature || !twilioSdk().validateRequest(this.#options.authToken, signature, request.url, form)) {
      throw new TidingsError('SMS_WEBHOOK_SIGNATURE_INVALID', 'Twilio callback refused: X-Twilio-Signature does not match.', {
        context: { url: request.url },
      });
    }
    return form;
  }
}

/** Twilio errors → our classification (see SmsProvider). */
export function translateTwilioError(error: unknown): TidingsError {
  if (error instanceof TidingsError) return error;
  if (error instanceof twilioSdk().RestException) {
    const code = error.code ?? 0;
    const context = { provider: 'twilio', status: error.status, providerCode: code };
    const text = `twilio ${code || error.status}: ${error.message}`;
    if (error.status === 429 || code === 20429) return rateLimited('twilio', text, 1000, error);
    if (INVALID_NUMBER_CODES.has(code)) return new TidingsError('SMS_INVALID_NUMBER', text, { cause: error, context });
    if (error.status === 401 || AUTH_CODES.has(code)) return new TidingsError('SMS_AUTH_FAILED', text, { cause: error, context });
    if (error.status >= 400 && error.status < 500) return new TidingsError('SMS_REJECTED', text, { cause: error, context });
    // A 5xx may come after Twilio queued the message: we cannot tell, so keep the reservation.
    return new TidingsError('SMS_OUTCOME_UNKNOWN', text, { cause: error, context });
  }
  if (failedBeforeSending(error)) {
    return new TidingsError('SMS_PROVIDER_UNAVAILABLE', `twilio unreachable: ${(error as Error).message}`, { cause: error });
  }
  return new TidingsError('SMS_OUTCOME_UNKNOWN', `twilio: no clear answer (${(error as Error).message})`, { cause: error });
}
