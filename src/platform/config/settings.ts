import type { z } from 'zod';

/**
 * The parsed, frozen values of a group of environment variables (a module's `*Env` shape), so a
 * module types the settings it reads without knowing the app's merged schema.
 */
export type SettingsOf<Shape extends z.ZodRawShape> = Readonly<z.infer<z.ZodObject<Shape>>>;
