import { useState } from 'preact/hooks';
import { parseMinor } from '../../i18n/format.js';
import type { Booking } from './wallet.api.js';

/** What a money form holds: the amount as typed, its required note, what is wrong, the last booking. */
export interface AmountForm {
  readonly amount: string;
  readonly setAmount: (value: string) => void;
  readonly note: string;
  readonly setNote: (value: string) => void;
  /** The field to fix, after a submission that was not sent. */
  readonly invalid: 'amount' | 'note' | null;
  readonly done: Booking | null;
  readonly onSubmit: (event: Event) => Promise<void>;
}

/**
 * The top-up and adjustment forms: a positive decimal amount (parsed to minor units, never a
 * float) and a note that must not be blank; `book` sends them (undefined when it failed, its
 * error shown by the caller), and a booking empties the form.
 */
export function useAmountForm(book: (amountMinor: number, note: string) => Promise<Booking | undefined>, onBooked: (booking: Booking) => void): AmountForm {
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState<'amount' | 'note' | null>(null);
  const [done, setDone] = useState<Booking | null>(null);

  async function onSubmit(event: Event) {
    event.preventDefault();
    const minor = parseMinor(amount);
    if (minor === null || minor <= 0) return setInvalid('amount');
    if (!note.trim()) return setInvalid('note');
    setInvalid(null);
    setDone(null);
    const result = await book(minor, note.trim());
    if (!result) return;
    setDone(result);
    setAmount('');
    setNote('');
    onBooked(result);
  }
  return { amount, setAmount, note, setNote, invalid, done, onSubmit };
}
