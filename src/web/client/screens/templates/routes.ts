import type { ScreenRoute } from '../screen.js';
import { TemplateEditorScreen, TemplateNewScreen } from './template-editor.screen.js';
import { TemplatesListScreen } from './templates-list.screen.js';

/** Routes of the templates section (`/templates/new` before the `:id` pattern that would take it). */
export const templatesRoutes: readonly ScreenRoute[] = [
  { path: '/templates', component: TemplatesListScreen, permissions: ['templates:read'], nav: 'navTemplates' },
  { path: '/templates/new', component: TemplateNewScreen, permissions: ['templates:write'] },
  { path: '/templates/:id', component: TemplateEditorScreen, permissions: ['templates:read'] },
];
