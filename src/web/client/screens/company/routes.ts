import type { ScreenRoute } from '../screen.js';
import { CompanyScreen } from './company.screen.js';

/** The company profile (admins change it; everyone reads it through the API). */
export const companyRoutes: readonly ScreenRoute[] = [{ path: '/company', component: CompanyScreen, permissions: ['company:write'], nav: 'navCompany' }];
