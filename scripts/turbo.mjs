#!/usr/bin/env node
/** `turbo` with the project's quiet environment (npm run build / typecheck). */
import { assertInstalled, run } from './env.mjs';

await assertInstalled();
process.exit(await run('turbo', [...process.argv.slice(2), '--concurrency=2', '--output-logs=errors-only']));
