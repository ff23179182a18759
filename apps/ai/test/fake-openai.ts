/**
 * A local HTTP server speaking the OpenAI wire format (POST /v1/chat/completions with
 * response_format json_schema, POST /v1/embeddings honouring encoding_format), started by the
 * vitest globalSetup on an ephemeral port. The base URL picks a scenario and a run id:
 * `{url}/s/{scenario}/{runId}/v1`; `GET {url}/__requests/{runId}` returns what it received.
 *
 * Scenarios: ok · 429-once (one 429, then ok) · 500 (always) · malformed (content that is not
 * JSON) · hang (never answers) · length (finish_reason "length") · bad-schema (valid JSON, wrong shape).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Schema = Record<string, any>;

/** A valid instance of a (strict) JSON schema; `i` varies enum picks and free numbers per array position. */
export function instanceOf(schema: Schema, i = 0): unknown {
  if (schema.anyOf) return instanceOf(schema.anyOf.find((s: Schema) => s.type !== 'null') ?? schema.anyOf[0], i);
  if (schema.enum) return schema.enum[i % schema.enum.length];
  if (schema.const !== undefined) return schema.const;
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, instanceOf(s as Schema, i)]));
    case 'array': {
      const n = Math.max(1, schema.minItems ?? 1);
      return Array.from({ length: n }, (_, j) => instanceOf(schema.items ?? {}, j));
    }
    case 'string':
      return 'Evidence from the profile';
    case 'number':
    case 'integer':
      return schema.minimum !== undefined ? Math.min(schema.maximum ?? 7, Math.max(schema.minimum, 7)) : i;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/** A deterministic bag-of-words vector (so similar texts are close). */
export function fakeVector(text: string, dims: number): number[] {
  const v = new Array(dims).fill(0);
  for (const w of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let h = 2166136261;
    for (const c of w) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    v[h % dims] += 1;
  }
  const norm = Math.sqrt(v.reduce((n: number, x: number) => n + x * x, 0)) || 1;
  return v.map((x: number) => x / norm);
}

interface Recorded {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export async function startFakeOpenAi(): Promise<{ url: string; close: () => Promise<void> }> {
  const requests = new Map<string, Recorded[]>();
  const hanging = new Set<ServerResponse>();
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://x');
    const seen = /^\/__requests\/([^/]+)$/.exec(url.pathname);
    if (seen) return send(res, 200, requests.get(seen[1]!) ?? []);
    const m = /^\/s\/([^/]+)\/([^/]+)\/v1\/(chat\/completions|embeddings)$/.exec(url.pathname);
    if (!m || req.method !== 'POST') return send(res, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
    const [, scenario, runId, endpoint] = m as unknown as [string, string, string, string];
    let body: any = null;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(res, 400, { error: { message: 'invalid JSON body', type: 'invalid_request_error' } });
    }
    const list = requests.get(runId) ?? [];
    list.push({ path: endpoint, headers: req.headers, body });
    requests.set(runId, list);
    const nth = list.length;

    if (scenario === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (scenario === '500') return send(res, 500, { error: { message: 'The server had an error', type: 'server_error' } });
    if (scenario === '429-once' && nth === 1) {
      return send(res, 429, { error: { message: 'Rate limit reached', type: 'rate_limit_error' } }, { 'retry-after-ms': '20' });
    }
    if (endpoint === 'embeddings') {
      const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
      const dims = body.dimensions ?? 1536;
      const data = inputs.map((text, index) => {
        const vector = fakeVector(text, dims);
        const embedding = body.encoding_format === 'float' ? vector : Buffer.from(new Float32Array(vector).buffer).toString('base64');
        return { object: 'embedding', index, embedding };
      });
      const tokens = inputs.reduce((n, t) => n + Math.ceil(t.length / 4), 0);
      return send(res, 200, { object: 'list', model: body.model, data, usage: { prompt_tokens: tokens, total_tokens: tokens } });
    }
    const schema = body.response_format?.json_schema?.schema ?? {};
    let content = JSON.stringify(instanceOf(schema));
    let finish = 'stop';
    if (scenario === 'malformed') content = '{"dimensions": {"skillMatch": ';
    if (scenario === 'length') [content, finish] = [content.slice(0, 40), 'length'];
    if (scenario === 'bad-schema') content = JSON.stringify({ unexpected: true });
    const prompt = JSON.stringify(body.messages ?? []).length;
    return send(res, 200, {
      id: `chatcmpl-${runId}-${nth}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: finish, logprobs: null }],
      usage: {
        prompt_tokens: Math.ceil(prompt / 4),
        completion_tokens: Math.ceil(content.length / 4),
        total_tokens: Math.ceil(prompt / 4) + Math.ceil(content.length / 4),
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
