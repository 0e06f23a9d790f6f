import { api } from '../../api.js';
import type { ApiBody, ApiResponse, Item } from '../../api/shapes.js';

/** A user as the users screen lists them. */
export type UserRow = Item<ApiResponse<'/api/users'>>;
/** A mailbox a sales rep can be given. */
export type Mailbox = Item<ApiResponse<'/api/accounts'>>;
/** A role name. */
export type RoleName = UserRow['role'];

/** The roles an admin picks from when adding someone (read-only stays available for changes). */
export const NEW_USER_ROLES: readonly RoleName[] = ['admin', 'marketer', 'sales', 'finance'];
export const ALL_ROLES: readonly RoleName[] = ['admin', 'marketer', 'sales', 'finance', 'readonly'];

export const listUsers = (signal?: AbortSignal) => api<UserRow[]>('/api/users', { signal });
export const listMailboxes = (signal?: AbortSignal) => api<Mailbox[]>('/api/accounts', { signal });

/** Adds a person; the answer carries their one-time password, shown once. */
export const createUser = (body: { username: string; displayName: string; role: RoleName }) =>
  api<ApiResponse<'/api/users', 'post'>>('/api/users', { body: { ...body, oneTimePassword: true } satisfies ApiBody<'/api/users', 'post'> });

export const updateUser = (id: number, body: ApiBody<'/api/users/{id}', 'patch'>) => api<UserRow>(`/api/users/${id}`, { method: 'PATCH', body });

export const resetPassword = (id: number) => api<ApiResponse<'/api/users/{id}/password/reset', 'post'>>(`/api/users/${id}/password/reset`, { method: 'POST', body: {} });

export const assignMailbox = (id: number, mailAccountId: number | null, transfer: boolean) =>
  api<UserRow>(`/api/users/${id}/mailbox`, { method: 'PUT', body: { mailAccountId, transfer } satisfies ApiBody<'/api/users/{id}/mailbox', 'put'> });
