export {};

declare global {
  namespace Cloudflare {
    interface Env {
      INTERNAL_SIGNING_SECRET: string;
      TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    }
  }
}
