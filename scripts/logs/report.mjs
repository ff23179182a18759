/** What `npm run logs` prints: one request's trace across services, and per-service stats. */

const isRequestLine = (r) => r.msg === 'request' && typeof r.status === 'number';
const SERVICE_ORDER = ['gateway', 'core', 'ai', 'integrations'];
const serviceRank = (s) => {
  const i = SERVICE_ORDER.indexOf(s);
  return i < 0 ? SERVICE_ORDER.length : i;
};
const iso = (ms) => (ms === undefined ? '—'.padEnd(24) : new Date(ms).toISOString());
const ms = (v) => (typeof v === 'number' ? `${v} ms` : '—');

/** Parses `15m`, `2h`, `90s`, `500ms`, `1d` into milliseconds. */
export function parseDuration(text) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(String(text).trim());
  if (!m) throw new Error(`not a duration: ${text} (e.g. 90s, 15m, 2h)`);
  return Number(m[1]) * { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[m[2]];
}

/** An ISO time, epoch ms, or a duration meaning "that long before `reference`". */
export function parseTime(text, reference) {
  if (/^\d{10,}$/.test(text)) return Number(text);
  const absolute = Date.parse(text);
  if (!Number.isNaN(absolute) && /\d{4}-\d{2}-\d{2}/.test(text)) return absolute;
  return reference - parseDuration(text);
}

/** The newest gateway request lines (most recent first; health checks and preflights left out), to pick one to trace. */
export function recentRequests(records, count = 10) {
  return records
    .filter((r) => isRequestLine(r) && r.service === 'gateway' && r.requestId && r.route !== '/health' && r.route !== 'OPTIONS *')
    .sort((a, b) => (b.ts ?? 0) - (a.ts ?? 0))
    .slice(0, count);
}

/** Every record of one request, outermost service first, then by time. */
export function traceOf(records, requestId) {
  const writer = (r) => (isRequestLine(r) ? r.service : (r.worker ?? r.service));
  return records
    .filter((r) => r.requestId === requestId)
    .sort((a, b) => {
      const lineFirst = Number(isRequestLine(b)) - Number(isRequestLine(a));
      return serviceRank(writer(a)) - serviceRank(writer(b)) || lineFirst || (a.ts ?? 0) - (b.ts ?? 0);
    });
}

export function formatTrace(requestId, lines) {
  if (lines.length === 0) return `No log line has requestId ${requestId}.`;
  const gateway = lines.find((r) => r.service === 'gateway' && isRequestLine(r));
  const out = [];
  const head = gateway ?? lines.find(isRequestLine) ?? lines[0];
  out.push(
    `request ${requestId}  ${head.method ?? ''} ${head.route ?? ''} → ${head.status ?? '?'} in ${ms(head.durationMs)}${head.userId ? `  user ${head.userId}` : ''}`,
  );
  for (const r of lines) {
    if (isRequestLine(r)) {
      const parts = [
        iso(r.ts),
        (r.service ?? '?').padEnd(13),
        `${r.method ?? ''} ${r.route ?? ''}`.padEnd(40),
        String(r.status).padEnd(4),
        ms(r.durationMs).padStart(8),
      ];
      if (r.upstream) {
        const own =
          typeof r.upstreamMs === 'number' && typeof r.durationMs === 'number' ? `, gateway's own ${r.durationMs - r.upstreamMs} ms` : '';
        parts.push(`  → ${r.upstream} ${ms(r.upstreamMs)}${r.upstreamStatus ? ` (${r.upstreamStatus})` : ''}${own}`);
      }
      if (r.upstreamApiVersion !== undefined) parts.push(`  [${r.upstream} API v${r.upstreamApiVersion}]`);
      if (r.errorCode) parts.push(`  ${r.errorCode}`);
      if (r.error) parts.push(`  ${r.error}`);
      out.push(`  ${parts.join(' ')}`);
    } else {
      const { ts, worker, level, msg, requestId: _id, source: _s, env: _e, ...rest } = r;
      if (rest.service === worker) delete rest.service;
      out.push(`  ${iso(ts)} ${(worker ?? '?').padEnd(13)} ${level ?? 'info'} ${msg} ${JSON.stringify(rest)}`);
    }
  }
  const services = new Set(lines.filter(isRequestLine).map((r) => r.service));
  if (gateway?.upstream && !services.has(gateway.upstream) && gateway.upstreamMs !== undefined) {
    out.push(`  (no line from ${gateway.upstream}: add its log file or stream to see its side)`);
  }
  return out.join('\n');
}

/** Nearest-rank percentile of a sorted array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Request lines in [since, until] grouped by service (or service + route): count, 5xx error
 * rate, 4xx count, p50/p95/max duration, and at the gateway the p95 of its upstream calls.
 */
export function summarise(records, { since, until, by = 'service' } = {}) {
  const groups = new Map();
  for (const r of records) {
    if (!isRequestLine(r)) continue;
    if (since !== undefined && (r.ts === undefined || r.ts < since)) continue;
    if (until !== undefined && (r.ts === undefined || r.ts > until)) continue;
    const key = by === 'route' ? `${r.service ?? '?'}\t${r.method ?? ''} ${r.route ?? ''}` : (r.service ?? '?');
    let g = groups.get(key);
    if (!g) {
      g = { key, durations: [], upstream: [], errors: 0, clientErrors: 0 };
      groups.set(key, g);
    }
    if (typeof r.durationMs === 'number') g.durations.push(r.durationMs);
    if (typeof r.upstreamMs === 'number') g.upstream.push(r.upstreamMs);
    if (r.status >= 500) g.errors++;
    else if (r.status >= 400) g.clientErrors++;
  }
  return [...groups.values()]
    .map((g) => {
      const d = g.durations.sort((a, b) => a - b);
      const u = g.upstream.sort((a, b) => a - b);
      const [service, route] = g.key.split('\t');
      return {
        service,
        ...(route ? { route } : {}),
        requests: d.length,
        errorRate: d.length ? g.errors / d.length : 0,
        errors5xx: g.errors,
        errors4xx: g.clientErrors,
        p50: percentile(d, 50),
        p95: percentile(d, 95),
        max: d[d.length - 1],
        upstreamP95: percentile(u, 95),
      };
    })
    .sort(
      (a, b) =>
        serviceRank(a.service) - serviceRank(b.service) ||
        a.service.localeCompare(b.service) ||
        (a.route ?? '').localeCompare(b.route ?? ''),
    );
}

export function formatSummary(rows, { since, until }) {
  const window = `${since !== undefined ? iso(since) : 'first line'} … ${until !== undefined ? iso(until) : 'last line'}`;
  if (rows.length === 0) return `No request lines in ${window}.`;
  const header = [
    'service',
    ...(rows.some((r) => r.route) ? ['route'] : []),
    'requests',
    'errors(5xx)',
    'error rate',
    '4xx',
    'p50',
    'p95',
    'max',
    'upstream p95',
  ];
  const table = rows.map((r) => [
    r.service,
    ...(r.route !== undefined ? [r.route] : []),
    String(r.requests),
    String(r.errors5xx),
    `${(r.errorRate * 100).toFixed(1)}%`,
    String(r.errors4xx),
    ms(r.p50),
    ms(r.p95),
    ms(r.max),
    r.upstreamP95 === undefined ? '' : ms(r.upstreamP95),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i < (rows.some((r) => r.route) ? 2 : 1) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [`window ${window}`, line(header), ...table.map(line)].join('\n');
}
