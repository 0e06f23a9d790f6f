import type { SettingsOf } from '../../platform/config/index.js';

/**
 * Environment variables read by src/templates, merged into the one config schema (src/config).
 * Each entry is a zod schema over the raw string value; give every one a default or make it
 * optional, and a message that names the expected form.
 */
export const templatesEnv = {};

/** The settings templates reads, parsed. */
export type TemplatesConfig = SettingsOf<typeof templatesEnv>;
