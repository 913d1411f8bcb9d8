// Lua scripts run atomically in the store, registered through ioredis's defineCommand (EVALSHA,
// with a fallback to EVAL when the server lost its script cache). One definition per connection.
import type { Redis } from 'ioredis';

const defined = new WeakMap<Redis, Set<string>>();

type ScriptFn = (...args: (string | number)[]) => Promise<unknown>;

/** The script as a callable command on this connection: keys first, then arguments. */
export function script(redis: Redis, name: string, numberOfKeys: number, lua: string): ScriptFn {
  let names = defined.get(redis);
  if (!names) {
    names = new Set();
    defined.set(redis, names);
  }
  if (!names.has(name)) {
    redis.defineCommand(name, { numberOfKeys, lua });
    names.add(name);
  }
  const fn = (redis as unknown as Record<string, ScriptFn>)[name]!;
  return (...args) => fn.apply(redis, args);
}

/** Deletes KEYS[1] only if it still holds ARGV[1]: a lease is given back by its holder only. */
export const RELEASE_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;
