/**
 * API documentation from the schemas the routes validate with. A route module lists, per
 * route template, the valibot schemas its handler passes to validate/readJson/readQuery and the
 * shape of its success answer; the service serves them as OpenAPI operation fragments at
 * GET /openapi, and the gateway joins them with its route table (auth, rate limits, the error
 * envelope) into the public OpenAPI 3.1 document at /api/openapi.json.
 */
import { toJsonSchema, type ConversionConfig } from '@valibot/to-json-schema';
import * as v from 'valibot';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDoc {
  summary: string;
  /** Path parameters, as validated from `request.params`. */
  params?: v.GenericSchema;
  /** Query string, as validated with readQuery (every value arrives as a string). */
  query?: v.GenericSchema;
  /** JSON body, as validated with readJson. */
  body?: v.GenericSchema;
  /** A non-JSON request body (e.g. `multipart/form-data`), described in words. */
  rawBody?: { contentType: string; description: string };
  /** The success answer: status, and its JSON shape unless the answer is empty or not JSON. */
  response: RouteAnswer;
  /**
   * Answers a client must handle beyond the gateway's own (400/401/404/413/429/502/504), e.g. a
   * 501 of a feature whose provider is not configured. Same form as `response`.
   */
  otherResponses?: RouteAnswer[];
}

export interface RouteAnswer {
  status: number;
  schema?: v.GenericSchema;
  contentType?: string;
  description?: string;
}

/** Route docs of one route module, keyed `METHOD /template` exactly as in the gateway table. */
export type RouteDocs = Partial<Record<`${Method} /${string}`, RouteDoc>>;

export type JsonSchemaObject = Record<string, unknown>;

export interface OperationFragment {
  summary: string;
  parameters?: JsonSchemaObject[];
  requestBody?: JsonSchemaObject;
  responses: Record<string, JsonSchemaObject>;
}

/**
 * The public document's static parts — its title and description, the security scheme, shared
 * schemas (the error envelope) and the operations no route of the gateway table describes (the
 * gateway's own GET /health, the document, the docs page) — and the page that renders it. One
 * service (core) carries them, so the gateway bundle does not; the gateway adds what it computes
 * (the table's operations, versions, `x-undocumented`).
 */
export interface PublicDocs {
  document: PublicDocumentParts;
  /** The readable page of the document (served unsigned at GET /openapi/page; the gateway shows it at /api/docs in development). */
  page?: () => Response;
}

export interface PublicDocumentParts {
  info: { title: string; description: string };
  /** Whole OpenAPI path items, added after the table's routes. */
  paths: Record<string, Record<string, JsonSchemaObject>>;
  components: { securitySchemes: Record<string, JsonSchemaObject>; schemas: Record<string, JsonSchemaObject> };
}

/** What a service answers at GET /openapi. */
export interface ServiceApiDocs {
  service: string;
  version: string;
  operations: Record<string, OperationFragment>;
  /** Only from the service that carries PublicDocs. */
  document?: PublicDocumentParts;
}

// Transforms and checks have no JSON Schema form: document the input a client sends, and the
// output a client receives; what cannot be expressed is left out rather than failing.
const inputConfig: ConversionConfig = { target: 'draft-2020-12', typeMode: 'input', errorMode: 'ignore' };
const outputConfig: ConversionConfig = { target: 'draft-2020-12', typeMode: 'output', errorMode: 'ignore' };

export function jsonSchemaOf(schema: v.GenericSchema, mode: 'input' | 'output'): JsonSchemaObject {
  const out = toJsonSchema(schema, mode === 'input' ? inputConfig : outputConfig) as JsonSchemaObject;
  delete out.$schema;
  return out;
}

/** Object schema entries → OpenAPI parameters (`in: query|path`). */
function parametersOf(schema: v.GenericSchema, location: 'query' | 'path'): JsonSchemaObject[] {
  const json = jsonSchemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchemaObject>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: property,
  }));
}

export function operationFragment(doc: RouteDoc): OperationFragment {
  const parameters = [...(doc.params ? parametersOf(doc.params, 'path') : []), ...(doc.query ? parametersOf(doc.query, 'query') : [])];
  const fragment: OperationFragment = { summary: doc.summary, responses: {} };
  if (parameters.length) fragment.parameters = parameters;
  if (doc.body) {
    fragment.requestBody = { required: true, content: { 'application/json': { schema: jsonSchemaOf(doc.body, 'input') } } };
  } else if (doc.rawBody) {
    fragment.requestBody = { required: true, description: doc.rawBody.description, content: { [doc.rawBody.contentType]: {} } };
  }
  for (const { status, schema, contentType, description } of [doc.response, ...(doc.otherResponses ?? [])]) {
    const answer: JsonSchemaObject = { description: description ?? (status === 204 ? 'No content' : 'Success') };
    if (schema) answer.content = { [contentType ?? 'application/json']: { schema: jsonSchemaOf(schema, 'output') } };
    else if (contentType) answer.content = { [contentType]: {} };
    fragment.responses[String(status)] = answer;
  }
  return fragment;
}

export function serviceApiDocs(service: string, version: string, docs: RouteDocs[], publicDocs?: PublicDocs): ServiceApiDocs {
  const operations: Record<string, OperationFragment> = {};
  for (const module of docs) {
    for (const [route, doc] of Object.entries(module)) {
      if (!doc) continue;
      if (route in operations) throw new Error(`route ${route} is documented twice`);
      operations[route] = operationFragment(doc);
    }
  }
  return { service, version, operations, ...(publicDocs ? { document: publicDocs.document } : {}) };
}

// ---- response-shape building blocks (the answers' JSON, as clients read it) ----

/** `{<name>: items, total, page, limit, hasMore}` (listBody's shape). */
export const listAnswer = <K extends string>(name: K, item: v.GenericSchema) =>
  v.looseObject({
    [name]: v.array(item),
    total: v.number(),
    page: v.number(),
    limit: v.number(),
    hasMore: v.boolean(),
  } as Record<K | 'total' | 'page' | 'limit' | 'hasMore', v.GenericSchema>);

export const nullableString = () => v.nullable(v.string());
export const nullableNumber = () => v.nullable(v.number());
export const successAnswer = v.looseObject({ success: v.literal(true) });

/** The error envelope (errors.ts) with a given code, for an `otherResponses` entry. */
export const errorAnswer = (code: string) =>
  v.looseObject({
    code: v.literal(code),
    message: v.string(),
    error: v.string(),
    statusCode: v.number(),
    requestId: v.string(),
  });

/** An error answer of the one envelope with `code`, for a route's `otherResponses`. */
export const errorDoc = (status: number, code: string, why: string): RouteAnswer => ({
  status,
  schema: errorAnswer(code),
  description: `${code}: ${why}`,
});
