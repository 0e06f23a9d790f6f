#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx's loader, so `npm ci && npx tidings` works with
// no build step and the CLI can never run stale compiled output.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
