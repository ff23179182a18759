/**
 * Log records from the sources ops actually have, normalised to one shape:
 * - JSON lines as the Workers write them (one object per line: the dev stack's
 *   `<state>/logs/<service>.jsonl`, or anything that captured a Worker's console);
 * - `wrangler tail --format json`: one tail event per invocation, pretty-printed over several
 *   lines, where each console.log is `logs[].message` (an array of the call's arguments; ours
 *   is a single JSON string) with `logs[].timestamp` in ms, and the Worker is `scriptName`.
 * Input is split into top-level JSON objects by brace depth (string-aware), so both layouts
 * and any interleaved non-JSON text (wrangler banners) can be read from one stream.
 */

/** Top-level `{…}` objects of a text, parsed; text between them, or a `{` that opens no JSON, is skipped. */
export function* jsonObjects(text) {
  let from = 0;
  while (from < text.length) {
    const start = text.indexOf('{', from);
    if (start < 0) return;
    const end = closingBrace(text, start);
    let parsed;
    if (end >= 0) {
      try {
        parsed = JSON.parse(text.slice(start, end + 1));
      } catch {
        parsed = undefined;
      }
    }
    if (parsed === undefined) {
      from = start + 1; // a stray brace in plain text: look again just after it
      continue;
    }
    from = end + 1;
    yield parsed;
  }
}

/** Index of the `}` closing the `{` at `start` (string-aware), or -1. */
function closingBrace(text, start) {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      else if (c === '\n') return -1; // JSON strings never span lines
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

const toMs = (value) => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
};

/** A Worker name like jobmatch-core-staging → core (our lines name their service anyway). */
const serviceOfScript = (scriptName) =>
  typeof scriptName === 'string' ? scriptName.replace(/^jobmatch-/, '').replace(/-(staging|production)$/, '') : undefined;

/**
 * Normalised records: `{ts?, service?, worker?, msg, requestId?, route?, method?, status?,
 * durationMs?, upstream?, upstreamMs?, ..., source}` — every field of the Worker's line kept as is.
 */
export function recordsOf(object, source = '') {
  if (Array.isArray(object?.logs) && ('scriptName' in object || 'eventTimestamp' in object || 'outcome' in object)) {
    const out = [];
    const fallbackService = serviceOfScript(object.scriptName);
    for (const log of object.logs) {
      const parts = Array.isArray(log?.message) ? log.message : [log?.message];
      for (const part of parts) {
        const line = typeof part === 'string' ? parseJsonLine(part) : part && typeof part === 'object' ? part : null;
        if (!line || typeof line !== 'object') continue;
        out.push(normalise(line, toMs(log.timestamp) ?? toMs(object.eventTimestamp), fallbackService, source, fallbackService));
      }
    }
    for (const exception of object.exceptions ?? []) {
      out.push({
        ts: toMs(exception.timestamp) ?? toMs(object.eventTimestamp),
        service: fallbackService,
        worker: fallbackService,
        level: 'error',
        msg: 'exception',
        error: `${exception.name}: ${exception.message}`,
        source,
      });
    }
    return out;
  }
  if (object && typeof object === 'object' && typeof object.msg === 'string') return [normalise(object, undefined, undefined, source)];
  return [];
}

function parseJsonLine(text) {
  if (!text.trimStart().startsWith('{')) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * `service` is the Worker a request line describes; `worker` is the Worker that wrote the line
 * (an event line's own `service` field may name the service it is about, e.g. upstream_failed).
 */
function normalise(line, fallbackTs, fallbackService, source, worker) {
  const ts = toMs(line.ts) ?? toMs(line.timestamp) ?? toMs(line.time) ?? fallbackTs;
  const writer = line.worker ?? worker ?? (line.msg === 'request' ? line.service : undefined);
  return {
    ...line,
    ...(ts !== undefined ? { ts } : {}),
    service: line.service ?? fallbackService,
    ...(writer ? { worker: writer } : {}),
    source,
  };
}

export function parseRecords(text, source = '') {
  const out = [];
  for (const object of jsonObjects(text)) out.push(...recordsOf(object, source));
  return out;
}
