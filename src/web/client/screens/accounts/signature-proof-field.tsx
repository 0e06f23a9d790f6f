import { useId, useState } from 'preact/hooks';
import { useT } from '../../i18n/index.js';
import { signaturesMessages } from './signatures.messages.js';

/** The proof a provider's reviewer reads for a signature (business licence, app screenshot…). */
export interface SignatureProof {
  readonly base64: string;
  readonly type: 'png' | 'jpg' | 'jpeg' | 'pdf';
}

/** The server's limit on the proof's base64 (3,000,000 characters): the file itself must be a bit smaller. */
const PROOF_MAX_BYTES = 2 * 1024 * 1024;
const TYPES: Readonly<Record<string, SignatureProof['type']>> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'application/pdf': 'pdf' };

/** Picks the proof file and hands it on as bare base64 with its type; `imagesOnly` for providers that take no PDF (Tencent Cloud). */
export function SignatureProofField({ imagesOnly, onValue }: { imagesOnly: boolean; onValue: (proof: SignatureProof | null) => void }) {
  const t = useT(signaturesMessages);
  const id = useId();
  const [problem, setProblem] = useState('');
  const accepted = Object.keys(TYPES).filter((type) => !imagesOnly || type.startsWith('image/'));

  const pick = (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    setProblem('');
    onValue(null);
    if (!file) return;
    const type = TYPES[file.type];
    if (!type || !accepted.includes(file.type)) return setProblem(t(imagesOnly ? 'proofImagesOnly' : 'proofWrongType'));
    if (file.size > PROOF_MAX_BYTES) return setProblem(t('proofTooLarge'));
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      onValue({ base64: url.slice(url.indexOf(',') + 1), type });
    };
    reader.readAsDataURL(file);
  };

  return (
    <div class="field">
      <label for={id}>{t('proof')}</label>
      <input id={id} type="file" accept={accepted.join(',')} aria-describedby={`${id}-hint`} onChange={pick} />
      <small id={`${id}-hint`} class="hint">
        {t(imagesOnly ? 'proofHintImages' : 'proofHint')}
      </small>
      {problem ? (
        <p class="notice notice-error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
