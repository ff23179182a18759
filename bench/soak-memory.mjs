/**
 * The soak's memory measurements and bounds (bench/soak.mjs; why these bounds: bench/SOAK.md).
 * - workerd memory: RSS of the workerd processes this Node process started, split as Linux
 *   does (anonymous, file-backed, shared memory), sampled every second with the request count.
 * - each Worker's V8 heap after a forced full GC, read through its inspector at the end of the
 *   warm-up quarter and after the load. workerd's inspector never answers
 *   HeapProfiler.collectGarbage; HeapProfiler.takeHeapSnapshot does answer, and V8 collects
 *   garbage before it writes a snapshot (the snapshot's chunks are ignored).
 * Bounds, both over the load after the warm-up quarter, per request served in that span, so a
 * leak proportional to requests breaks them however fast the machine runs:
 * - JS heap: the four Workers' post-GC heaps together may grow by at most
 *   HEAP_SLACK_BYTES + HEAP_BYTES_PER_REQUEST per request;
 * - RSS: at most RSS_SLACK_BYTES + RSS_BYTES_PER_REQUEST per request, counted from the later
 *   of the warm-up quarter and the first RSS_WARM_REQUESTS requests (workerd's native growth,
 *   which slows down as it goes, measured in SOAK.md; a run too short for it says so).
 * Each line also says the smallest leak per request the run would have caught.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { connectInspector, sleep } from './harness.mjs';

export const HEAP_WORKERS = ['jobmatch-gateway', 'jobmatch-core', 'jobmatch-ai', 'jobmatch-integrations'];
export const HEAP_SLACK_BYTES = 2 * 2 ** 20;
export const HEAP_BYTES_PER_REQUEST = 128;
export const RSS_SLACK_BYTES = 32 * 2 ** 20;
export const RSS_BYTES_PER_REQUEST = 32 * 1024;
/** RSS warm-up lasts at least this many requests: workerd's native growth is steepest over the first 10 k (SOAK.md). */
export const RSS_WARM_REQUESTS = 10_000;

const mib = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;
const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;

/** Memory of the workerd processes whose parent is this process (Linux /proc; null elsewhere). */
export function workerdMemory() {
  const total = { rss: 0, anon: 0, file: 0, shmem: 0 };
  let found = false;
  let pids;
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  for (const pid of pids) {
    let status;
    try {
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      continue;
    }
    if (!/^Name:\s+workerd$/m.test(status) || Number(/^PPid:\s+(\d+)$/m.exec(status)?.[1]) !== process.pid) continue;
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? 0) * 1024;
    total.rss += kb('VmRSS');
    total.anon += kb('RssAnon');
    total.file += kb('RssFile');
    total.shmem += kb('RssShmem');
    found = true;
  }
  return found ? total : null;
}

/** Each Worker's V8 heap in use right after a full GC (bytes), by Worker name. */
export async function heapsAfterGc(inspectorPort) {
  const out = {};
  for (const name of HEAP_WORKERS) {
    const inspector = await connectInspector(`ws://127.0.0.1:${inspectorPort}/${name}`);
    try {
      const snapshot = inspector.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      const answered = await Promise.race([snapshot.then(() => true), sleep(60_000).then(() => false)]);
      if (!answered) throw new Error(`${name}: no answer to HeapProfiler.takeHeapSnapshot within 60 s`);
      out[name] = (await inspector.send('Runtime.getHeapUsage')).usedSize;
    } finally {
      inspector.close();
    }
  }
  return out;
}

/**
 * The memory lines of the summary and the violations. `samples`: { t, requests, rss, anon, file,
 * shmem } (rss null when not measurable); `heaps`: null, or { warm, end } readings of
 * { requests, used: { worker: bytes } }; `warmUntil`: the end of the warm-up quarter (ms).
 */
export function memoryReport({ samples, heaps, warmUntil, afterGc = null }) {
  const lines = [];
  const violations = [];
  const measured = samples.filter((s) => s.rss !== null);
  if (measured.length === 0) lines.push('workerd RSS: not measurable here (no /proc)');
  else {
    const first = measured[0];
    const last = measured.at(-1);
    const warm = measured.find((s) => s.t >= warmUntil && s.requests - first.requests >= RSS_WARM_REQUESTS) ?? null;
    const part = (s) => `${mib(s.rss)} (anon ${mib(s.anon)}, file ${mib(s.file)}, shmem ${mib(s.shmem)})`;
    const gc = afterGc ? `; after the four Workers' forced GC ${part(afterGc)}` : '';
    lines.push(
      `workerd RSS: start ${part(first)}; after warm-up ${warm ? part(warm) : 'not reached'}; end ${part(last)}${gc}; ${measured.length} samples`,
    );
    const per10k = [];
    for (let i = 1; i < measured.length; i++) {
      const prev = per10k.length ? per10k.at(-1).at : first;
      if (measured[i].requests - prev.requests >= 10_000) per10k.push({ at: measured[i], growth: measured[i].rss - prev.rss });
    }
    if (per10k.length > 0) lines.push(`RSS growth per 10,000 requests, in order: ${per10k.map((p) => mib(p.growth)).join(', ')}`);
    const served = warm ? last.requests - warm.requests : 0;
    if (served > 0) {
      const growth = last.rss - warm.rss;
      const bound = RSS_SLACK_BYTES + RSS_BYTES_PER_REQUEST * served;
      lines.push(
        `RSS after warm-up: +${mib(growth)} over ${served.toLocaleString('en-US')} requests (${kib(growth / served)} per request); bound ${mib(bound)} (32 MiB + ${kib(RSS_BYTES_PER_REQUEST)} per request; an added leak above ${kib(Math.max(0, bound - growth) / served)} per request breaks it)`,
      );
      if (growth > bound) violations.push(`memory: workerd RSS grew ${mib(growth)} after warm-up, above the bound ${mib(bound)}`);
    } else
      lines.push(
        `RSS after warm-up: not checked, the run ended within its warm-up (the first quarter and ${RSS_WARM_REQUESTS.toLocaleString('en-US')} requests; ${(last.requests - first.requests).toLocaleString('en-US')} served)`,
      );
  }
  if (heaps) {
    const sum = (r) => Object.values(r.used).reduce((n, b) => n + b, 0);
    const served = heaps.end.requests - heaps.warm.requests;
    const growth = sum(heaps.end) - sum(heaps.warm);
    const bound = HEAP_SLACK_BYTES + HEAP_BYTES_PER_REQUEST * served;
    const each = HEAP_WORKERS.map((n) => `${n.replace('jobmatch-', '')} ${mib(heaps.warm.used[n])} → ${mib(heaps.end.used[n])}`);
    lines.push(`JS heap after a forced GC, end of warm-up → after the load: ${each.join(', ')}`);
    lines.push(
      `JS heap growth after warm-up: ${growth >= 0 ? '+' : ''}${mib(growth)} over ${served.toLocaleString('en-US')} requests (${(growth / Math.max(1, served)).toFixed(0)} B per request); bound ${mib(bound)} (2 MiB + ${HEAP_BYTES_PER_REQUEST} B per request; an added leak above ${(Math.max(0, bound - growth) / Math.max(1, served)).toFixed(0)} B per request breaks it)`,
    );
    if (growth > bound) violations.push(`memory: the Workers' JS heaps grew ${mib(growth)} after warm-up, above the bound ${mib(bound)}`);
  }
  return { lines, violations };
}
