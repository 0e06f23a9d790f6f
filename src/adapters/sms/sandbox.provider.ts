import { randomUUID } from 'node:crypto';
import { messageParts } from './segments.js';
import type { DeliveryReceipt, SmsProvider, SmsSendRequest, SmsSendResult } from './sms-provider.js';

/** One message the sandbox "sent", as it hands it to its {@link SandboxOutbox}. */
export interface SandboxMessage {
  readonly providerMessageId: string;
  readonly to: string;
  readonly senderId: string | null;
  /** The text exactly as handed over (signature included, as for Twilio and SMPP). */
  readonly text: string;
  readonly parts: number;
  readonly encoding: 'GSM-7' | 'UCS-2';
}

/**
 * Where the sandbox keeps what it "sent": the billing module's `sms_sandbox_messages` table in the
 * app, an array in tests. The adapter writes no SQL itself (adapters sit below the modules).
 */
export interface SandboxOutbox {
  /** Stores one message; the send fails (outcome unknown) if this throws. */
  record(message: SandboxMessage): Promise<void>;
  /**
   * Applies a delivery receipt to the stored message and to the billed one. Resolves false while
   * the billed message is not marked accepted yet (the receipt raced the charge): try again.
   */
  deliver(receipt: DeliveryReceipt): Promise<boolean>;
}

/** Options of {@link SandboxProvider}. */
export interface SandboxProviderOptions {
  readonly outbox: SandboxOutbox;
  /** Default sender shown in the outbox. */
  readonly senderId?: string;
  /** How long after the send the "handset" reports delivery (default 200 ms); retries wait twice as long each time. */
  readonly deliveryDelayMs?: number;
  /** Called when a receipt could not be applied. */
  readonly onError?: (error: Error) => void;
}

/** Tries before a receipt that matches no accepted message is dropped (a message refused meanwhile). */
const DELIVERY_ATTEMPTS = 50;
/**
 * The longest wait between two tries. The wait doubles from `deliveryDelayMs` up to this, so a
 * charge that lands late on a loaded machine still gets its receipt (the tries span minutes, not
 * 50 × the first delay).
 */
const MAX_RETRY_DELAY_MS = 5_000;

/**
 * A local SMS provider for trying Tidings without a cloud account: every message is "accepted",
 * stored through its {@link SandboxOutbox} (the SMS outbox screen lists it) and reported
 * delivered shortly after, the way a real provider's receipt arrives. Parts are counted by the
 * same rule the reservation uses (GSM 03.38, the signature in the text), so a sandbox message is
 * billed exactly like a real one.
 */
export class SandboxProvider implements SmsProvider {
  readonly kind = 'sandbox' as const;
  readonly #options: SandboxProviderOptions;
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  constructor(options: SandboxProviderOptions) {
    this.#options = options;
  }

  async send(request: SmsSendRequest): Promise<SmsSendResult> {
    const count = messageParts('sandbox', request.text);
    const providerMessageId = `SBX${randomUUID().replace(/-/g, '')}`;
    await this.#options.outbox.record({
      providerMessageId,
      to: request.to,
      senderId: request.senderId ?? this.#options.senderId ?? null,
      text: request.text,
      parts: count.segments,
      encoding: count.encoding,
    });
    this.#deliverLater({ providerMessageId, status: 'delivered', providerStatus: 'DELIVRD', to: request.to }, 1);
    return { providerMessageId, parts: count.segments, status: 'accepted' };
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #deliverLater(receipt: DeliveryReceipt, attempt: number): void {
    if (this.#closed || attempt > DELIVERY_ATTEMPTS) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#options.outbox.deliver(receipt).then(
        (applied) => {
          if (!applied) this.#deliverLater(receipt, attempt + 1);
        },
        (error: unknown) => {
          // A failed try (the store busy, a lost connection) is tried again like an early receipt, not dropped.
          this.#options.onError?.(error as Error);
          this.#deliverLater(receipt, attempt + 1);
        },
      );
    }, Math.min((this.#options.deliveryDelayMs ?? 200) * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS));
    // A pending receipt never keeps the process alive.
    timer.unref();
    this.#timers.add(timer);
  }
}
