#!/usr/bin/env node
/**
 * npm run logs -- [files… | -] [--trace <requestId|latest>] [--since T] [--until T] [--window D] [--by route] [--json]
 *
 * Joins the per-service log streams: JSON lines as the Workers write them (the dev stack's
 * <state>/logs/*.jsonl) or `wrangler tail --format json` output of several Workers, from files
 * or stdin (`-`). Without --trace: per service, request count, 5xx error rate, 4xx, p50/p95/max
 * latency (and the gateway's upstream p95), side by side, over a time window. With --trace:
 * every line of one request across services. T is an ISO time, epoch ms, or a duration before
 * the newest line (`15m`); --window D is the D before --until (default: the newest line).
 * With no file at all it reads the dev stack's default folder (.wrangler/state/logs).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './env.mjs';
import { parseRecords } from './logs/records.mjs';
import { formatSummary, formatTrace, parseDuration, parseTime, recentRequests, summarise, traceOf } from './logs/report.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    trace: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    window: { type: 'string' },
    by: { type: 'string', default: 'service' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(
    readFileSync(new URL(import.meta.url), 'utf8')
      .split('\n')
      .slice(2, 13)
      .map((l) => l.replace(/^ \*\/?\s?/, ''))
      .join('\n'),
  );
  process.exit(0);
}

const DEFAULT_DIR = join(ROOT, '.wrangler', 'state', 'logs');
const expand = (path) =>
  statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => /\.(jsonl?|log|txt)$/.test(f))
        .map((f) => join(path, f))
    : [path];
let inputs = positionals;
if (inputs.length === 0) {
  if (!existsSync(DEFAULT_DIR)) {
    console.error(`No input: give files or - (stdin). The dev stack writes to ${DEFAULT_DIR} (npm run dev).`);
    process.exit(2);
  }
  inputs = [DEFAULT_DIR];
}
const records = [];
for (const input of inputs) {
  if (input === '-') records.push(...parseRecords(readFileSync(0, 'utf8'), 'stdin'));
  else for (const file of expand(input)) records.push(...parseRecords(readFileSync(file, 'utf8'), file));
}

if (values.trace !== undefined) {
  let id = values.trace;
  if (id === 'latest') {
    const [latest] = recentRequests(records, 1);
    if (!latest) {
      console.error('No gateway request line to trace.');
      process.exit(1);
    }
    id = latest.requestId;
  }
  const lines = traceOf(records, id);
  console.log(values.json ? JSON.stringify(lines, null, 2) : formatTrace(id, lines));
  process.exit(lines.length ? 0 : 1);
}

const newest = Math.max(...records.map((r) => r.ts ?? -Infinity));
const reference = Number.isFinite(newest) ? newest : Date.now();
const until = values.until !== undefined ? parseTime(values.until, reference) : values.window !== undefined ? reference : undefined;
const since =
  values.since !== undefined
    ? parseTime(values.since, reference)
    : values.window !== undefined
      ? (until ?? reference) - parseDuration(values.window)
      : undefined;
const rows = summarise(records, { since, until, by: values.by === 'route' ? 'route' : 'service' });
console.log(values.json ? JSON.stringify({ since, until, rows }, null, 2) : formatSummary(rows, { since, until }));
