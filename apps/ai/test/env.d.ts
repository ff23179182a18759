export {};

declare global {
  namespace Cloudflare {
    interface Env {
      INTERNAL_SIGNING_SECRET: string;
    }
  }
}
