import type { ScreenRoute } from '../screen.js';
import { CustomerListScreen } from './customer-list.screen.js';
import { CustomerNewScreen, CustomerScreen } from './customer.screen.js';
import { ImportScreen } from './import.screen.js';

const read: ScreenRoute['permissions'] = ['customers:read', 'customers:own'];

/** Routes of the customers section; the fixed paths come before `/customers/:id`. */
export const customersRoutes: readonly ScreenRoute[] = [
  { path: '/customers', component: CustomerListScreen, permissions: read, nav: 'navCustomers' },
  { path: '/customers/import', component: ImportScreen, permissions: ['customers:write'] },
  { path: '/customers/new', component: CustomerNewScreen, permissions: ['customers:write', 'customers:own'] },
  { path: '/customers/:id', component: CustomerScreen as ScreenRoute['component'], permissions: read },
];
