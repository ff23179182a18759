/**
 * What the gateway learns from each service answer, for its log line and for version skew:
 * - timing: `upstreamMs` (the Service Binding call until the service's headers) and
 *   `upstreamStatus`, so the request line shows how much of `durationMs` the service took;
 * - the service's internal API version (API_VERSION_HEADER). Independent deploys mean a
 *   service may be one version ahead or behind for a while: the gateway logs the skew
 *   (`service_api_version_skew`, warn, once per isolate per service and version; error when
 *   more than one apart), tags the request line with `upstreamApiVersion`, and keeps serving.
 * Keyed by the client's Request, so no signature in the pipeline changes.
 */
import { INTERNAL_API_VERSION, announcedApiVersion, logEvent } from '@jobmatch/shared-middleware';

export interface UpstreamObservation {
  upstreamMs: number;
  upstreamStatus: number;
  upstreamApiVersion?: number;
}

const observations = new WeakMap<Request, UpstreamObservation>();
const reportedSkew = new Set<string>();

/** How a service's announced version relates to the gateway's (null: it announced none). */
export function versionSkew(announced: number | null): 'same' | 'tolerated' | 'unsupported' | null {
  if (announced === null) return null;
  const distance = Math.abs(announced - INTERNAL_API_VERSION);
  return distance === 0 ? 'same' : distance === 1 ? 'tolerated' : 'unsupported';
}

export function checkApiVersion(service: string, headers: Headers, requestId?: string): number | null {
  const announced = announcedApiVersion(headers);
  const skew = versionSkew(announced);
  if (skew === 'tolerated' || skew === 'unsupported') {
    const key = `${service}:${announced}`;
    if (!reportedSkew.has(key)) {
      reportedSkew.add(key);
      logEvent(skew === 'tolerated' ? 'warn' : 'error', 'service_api_version_skew', {
        service,
        serviceApiVersion: announced,
        gatewayApiVersion: INTERNAL_API_VERSION,
        tolerated: skew === 'tolerated',
        ...(requestId ? { requestId } : {}),
      });
    }
  }
  return announced;
}

export function observeUpstream(request: Request, service: string, startedMs: number, response: Response, requestId: string): void {
  const announced = checkApiVersion(service, response.headers, requestId);
  observations.set(request, {
    upstreamMs: Date.now() - startedMs,
    upstreamStatus: response.status,
    ...(announced !== null && announced !== INTERNAL_API_VERSION ? { upstreamApiVersion: announced } : {}),
  });
}

/** Fields for the gateway's request line (empty when the request never reached a service). */
export function upstreamLogFields(request: Request): Partial<UpstreamObservation> {
  return observations.get(request) ?? {};
}
