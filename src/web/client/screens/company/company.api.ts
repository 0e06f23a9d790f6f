import { api } from '../../api.js';
import type { ApiBody, ApiResponse } from '../../api/shapes.js';

/** The company profile as the API returns it. */
export type CompanyProfile = ApiResponse<'/api/company'>;

export const readCompany = (signal?: AbortSignal) => api<CompanyProfile>('/api/company', { signal });
export const saveCompany = (patch: ApiBody<'/api/company', 'put'>) => api<CompanyProfile>('/api/company', { method: 'PUT', body: patch });
