#!/usr/bin/env node
/**
 * npm run fake-board [-- --port 8830]: a local Greenhouse-shaped job board (and Lever/Apify
 * shapes on the same server) for the dev stack. The integrations Worker's development vars
 * point GREENHOUSE_API_URL at http://127.0.0.1:8830 with the board "fakeboard", so with this
 * running, POST /api/jobs/scrape {"keywords": "engineer"} saves its postings as your jobs.
 */
import { parseArgs } from 'node:util';
import { startFakeJobBoards } from '@jobmatch/test-support/fake-providers';

const { values } = parseArgs({ options: { port: { type: 'string', default: process.env.FAKE_BOARD_PORT ?? '8830' } } });
const board = await startFakeJobBoards(Number(values.port));
console.log(`Fake job boards on ${board.url}
  Greenhouse: ${board.url}/v1/boards/fakeboard/jobs?content=true
  Lever:      ${board.url}/v0/postings/<site>?mode=json
  Apify:      POST ${board.url}/v2/acts/fake~jobs/run-sync-get-dataset-items  (Authorization: Bearer apify_api_test_token)
  Requests received: ${board.url}/__requests
Stop with Ctrl+C.`);
const stop = async () => {
  await board.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
