import { z } from 'zod';
import { PERMISSIONS, ROLES } from '../modules/users/index.js';

/** Every error body: a stable code and a message saying what to fix. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable error code, listed in docs/errors.md'),
      message: z.string().describe('What went wrong and what to do'),
    }),
  })
  .describe('Error');

/** The error responses every private route can give; spread into `schema.response`. */
export const privateErrorResponses = {
  400: ErrorSchema.describe('The request does not match the schema (code VALIDATION_FAILED, API_MALFORMED_BODY)'),
  401: ErrorSchema.describe('Not signed in (AUTH_REQUIRED) or bad token (AUTH_TOKEN_INVALID)'),
  403: ErrorSchema.describe('Role lacks the permission (AUTH_FORBIDDEN) or CSRF token missing (AUTH_CSRF_FAILED), or a one-time password must be changed first (AUTH_PASSWORD_CHANGE_REQUIRED)'),
} as const;

export const RoleSchema = z.enum(ROLES);
export const PermissionSchema = z.enum(PERMISSIONS);

/** A user as the API shows it. */
export const UserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  disabled: z.boolean(),
  mailAccountId: z.number().int().nullable(),
  mustChangePassword: z.boolean().describe('signed in with a one-time password: must choose their own before anything else'),
  email: z.string().nullable().describe('their own address for system mail (the reminder digest); null: none given'),
  createdAt: z.number().int().describe('epoch milliseconds'),
  updatedAt: z.number().int().describe('epoch milliseconds'),
});

/** A numeric id in a path. */
export const IdParamsSchema = z.strictObject({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** One line of text for names: no control characters (CR/LF would forge headers and log lines). */
export const singleLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, { message: 'must be one line without control characters' });
