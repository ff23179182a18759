/** Every core route's generated-test case, one module per resource (route table → here). */
import { applicationCases } from './applications';
import { fileCases } from './files';
import { gapAnalysisCases } from './gap-analyses';
import { jobFeedbackCases } from './job-feedback';
import { jobCases } from './jobs';
import { profileCases } from './profile';
import { securityEventCases } from './security-events';
import { sessionCases } from './sessions';
import { skillCases } from './skills';
import { trackedApplicationCases } from './tracked-applications';
import { userCases } from './users';
import { billingCases } from './billing';
import { jobQualityCases } from './job-quality';
import { narrativeCases } from './narratives';
import { resumeCases } from './resumes';
import type { RouteCase } from './types';

export const CORE_ROUTE_CASES: RouteCase[] = [
  ...jobCases,
  ...jobFeedbackCases,
  ...applicationCases,
  ...trackedApplicationCases,
  ...fileCases,
  ...sessionCases,
  ...profileCases,
  ...skillCases,
  ...securityEventCases,
  ...userCases,
  ...gapAnalysisCases,
  ...billingCases,
  ...resumeCases,
  ...narrativeCases,
  ...jobQualityCases,
];

/** ai and integrations routes that take an id or key (object-authorization.test.ts requires one each). */
export { aiCases as AI_ROUTE_CASES } from './ai';
export { integrationsCases as INTEGRATIONS_ROUTE_CASES } from './integrations';
