/**
 * The shard accessor alone (packages/db/src/shards.ts, bundled by the harness): answers the
 * shard of `?user=`. `?cold` drops the isolate's cached answer first, so every request pays the
 * directory read in DB_0 (a user's first request to an isolate, or the first after 30 s).
 */
import { clearShardCache, userShard } from '../packages/db/src/shards.ts';

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const userId = url.searchParams.get('user');
    if (!userId) return new Response('?user= is required', { status: 400 });
    if (url.searchParams.has('cold')) clearShardCache(userId);
    return new Response(String(await userShard(env, userId)));
  },
};
