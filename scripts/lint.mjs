#!/usr/bin/env node
/**
 * npm run lint (and the first step of npm test): Biome's lint rules over the whole repo and,
 * once the tree has been formatted, the formatter check. `npm run format` rewrites in place.
 */
import { assertInstalled, run } from './env.mjs';

/**
 * The formatter check joins the gate after the one-time `npm run format` over the whole tree
 * (done once after the parallel branches merge, so no branch reformats files others edit).
 */
const FORMAT_CHECKED = false;

await assertInstalled();
const args = ['ci', `--formatter-enabled=${FORMAT_CHECKED}`, '--error-on-warnings', ...process.argv.slice(2)];
process.exit(await run('biome', args));
