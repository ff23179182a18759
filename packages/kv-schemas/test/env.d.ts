declare global {
  namespace Cloudflare {
    interface Env {
      TEST_KV: KVNamespace;
    }
  }
}
export {};
