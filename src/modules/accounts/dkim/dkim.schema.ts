import { z } from 'zod';

/**
 * A sender domain as it appears after the @ of the From address: lower-cased, no trailing dot.
 * Internationalised domains are accepted in their A-label (xn--) form, as DNS stores them.
 */
export const DkimDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((d) => d.replace(/\.$/, ''))
  .pipe(
    z
      .string()
      .max(253)
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/, 'expected a domain name such as example.com (IDNs in xn-- form)'),
  );

/** The DKIM selector: one or more DNS labels (RFC 6376 §3.1), e.g. "tidings2027" or "s1.mail". */
export const DkimSelectorSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, 'expected DNS labels (letters, digits, "-"), e.g. s2027')
  .max(120);

/** A key to store: the domain, its selector, and the RSA private key as PEM (PKCS#1 or PKCS#8). */
export const DkimKeyInputSchema = z.object({
  domain: DkimDomainSchema,
  selector: DkimSelectorSchema,
  privateKeyPem: z.string().min(1).max(20_000),
});

export type DkimKeyInput = z.input<typeof DkimKeyInputSchema>;
