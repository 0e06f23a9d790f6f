import { api } from '../../api.js';
import type { ApiBody, ApiResponse } from '../../api/shapes.js';

/** What is due for the signed-in person (GET /api/overview). */
export type Overview = ApiResponse<'/api/overview'>;
/** Their own email and digest settings (GET /api/me/settings). */
export type MySettings = ApiResponse<'/api/me/settings'>;
export type MySettingsPatch = ApiBody<'/api/me/settings', 'patch'>;

export const getOverview = (signal?: AbortSignal) => api<Overview>('/api/overview', { signal });
export const getMySettings = (signal?: AbortSignal) => api<MySettings>('/api/me/settings', { signal });
export const saveMySettings = (body: MySettingsPatch) => api<MySettings>('/api/me/settings', { method: 'PATCH', body });
