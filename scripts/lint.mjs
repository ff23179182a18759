#!/usr/bin/env node
/**
 * npm run lint (and the first step of npm test): Biome's lint rules and its formatter check over
 * the whole repo; any warning fails. `npm run format` rewrites in place.
 */
import { assertInstalled, run } from './env.mjs';

await assertInstalled();
const args = ['ci', '--error-on-warnings', ...process.argv.slice(2)];
process.exit(await run('biome', args));
