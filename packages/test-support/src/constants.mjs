/** Values shared by every test setup (never used outside tests). */
export const TEST_SIGNING_SECRET = 'test-internal-signing-secret-0123456789abcdef-0123456789';
export const DEV_ISSUER = 'jobmatch-local-dev';
export const AUDIENCE = 'authenticated';
export const SERVICES = ['core', 'ai', 'integrations'];
/** Tests log warnings and errors only (LOG_LEVEL): a failing test's reason is not buried under request lines. */
export const TEST_LOG_LEVEL = 'warn';
