/**
 * The gateway's own operations (answered by the gateway outside its route table) and the error
 * envelope, for the public OpenAPI document. They live here, not in the gateway, to keep the
 * gateway bundle within its 60 KiB budget (bench/RESULTS.md): core serves them at GET /openapi
 * and the gateway's document builder (apps/gateway/src/openapi/document.ts) adds them. When
 * the gateway's /health answer changes (apps/gateway/src/health.ts), change its shape here.
 */
import type { JsonSchemaObject } from '@jobmatch/shared-middleware';

export const ERROR_ENVELOPE_SCHEMA: JsonSchemaObject = {
  type: 'object',
  description: 'The one error envelope of every route (packages/shared-middleware/src/errors.ts).',
  required: ['code', 'message', 'error', 'statusCode', 'requestId'],
  properties: {
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', examples: ['VALIDATION_ERROR'] },
    message: { type: 'string', description: 'Human text' },
    error: { type: 'string', description: 'The same human text (some frontend hooks read this field)' },
    statusCode: { type: 'integer' },
    requestId: { type: 'string', description: 'Also in the X-Request-Id header' },
    details: {
      type: 'object',
      description: 'VALIDATION_ERROR: {issues: [{path, message}]}; RATE_LIMIT_EXCEEDED: {limit, remaining, resetAt}',
    },
  },
};

const serviceHealth = {
  type: 'object',
  properties: { status: { enum: ['ok', 'down'] }, latencyMs: { type: 'number' }, version: { type: 'string' } },
};

export const GATEWAY_OPERATIONS: Record<string, Record<string, JsonSchemaObject>> = {
  '/health': {
    get: {
      operationId: 'getHealth',
      summary: 'Gateway and service health (public: statuses only, cached 5 s; details with X-Health-Token)',
      tags: ['gateway'],
      security: [],
      responses: {
        '200': {
          description: 'Every service answered',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['status', 'services'],
                properties: {
                  status: { enum: ['ok', 'degraded'] },
                  services: { type: 'object', properties: { core: serviceHealth, ai: serviceHealth, integrations: serviceHealth } },
                  version: { type: 'string', description: 'Details only' },
                  environment: { type: 'string', description: 'Details only' },
                },
              },
            },
          },
        },
        '503': { description: 'A service is down (same body, status degraded)' },
      },
    },
  },
  '/api/openapi.json': {
    get: {
      operationId: 'getOpenApiDocument',
      summary: 'This document (public)',
      tags: ['gateway'],
      security: [],
      responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } },
    },
  },
  '/api/docs': {
    get: {
      operationId: 'getApiDocsPage',
      summary: 'A readable page of this document (development only; 404 elsewhere)',
      tags: ['gateway'],
      security: [],
      responses: { '200': { description: 'HTML', content: { 'text/html': {} } } },
    },
  },
};
