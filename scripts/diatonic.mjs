#!/usr/bin/env node
/** The `diatonic` command (package.json `bin`): runs apps/api/src/cli.ts through tsx, in this process. */
import { register } from 'tsx/esm/api';

register();
await import(new URL('../apps/api/src/cli.ts', import.meta.url).href);
