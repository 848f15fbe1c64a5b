import DataLoader from 'dataloader';

/**
 * A loader that fetches many keys in one statement and hands each key its row (or undefined).
 * `fetch` must return rows for any subset of the keys; `keyOf` reads a row's key.
 */
export function oneByKey<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V | undefined> {
  return new DataLoader<K, V | undefined>(async (keys) => {
    const rows = new Map((await fetch(keys)).map((r) => [keyOf(r), r] as const));
    return keys.map((k) => rows.get(k));
  });
}

/** A loader that fetches the children of many parents in one statement, keeping `fetch`'s order. */
export function manyByKey<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const groups = new Map<K, V[]>(keys.map((k) => [k, []]));
    for (const row of await fetch(keys)) groups.get(keyOf(row))?.push(row);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/** Like `oneByKey` for results already keyed in a Map (aggregates computed in SQL). */
export function fromMap<K, V>(fetch: (keys: readonly K[]) => Promise<Map<K, V>>): DataLoader<K, V | undefined> {
  return new DataLoader<K, V | undefined>(async (keys) => {
    const map = await fetch(keys);
    return keys.map((k) => map.get(k));
  });
}

/** Loads a row that a foreign key guarantees exists; a miss means the database broke that promise. */
export async function loadRequired<K, V>(loader: DataLoader<K, V | undefined>, key: K): Promise<V> {
  const row = await loader.load(key);
  if (row === undefined) throw new Error(`No row found for key ${String(key)} although a foreign key requires it`);
  return row;
}

/**
 * A loader for per-parent figures that also take arguments (a period, categories): keys with the same
 * arguments are fetched together in one call, so a list of wards asking the same question costs one
 * statement whatever its length. `fetch` answers for many parents and one set of arguments.
 */
export function withArgs<K, A, V>(
  fetch: (keys: readonly K[], args: A) => Promise<Map<K, V>>,
): DataLoader<{ key: K; args: A }, V | undefined, string> {
  return new DataLoader<{ key: K; args: A }, V | undefined, string>(
    async (requests) => {
      const groups = new Map<string, { args: A; keys: K[] }>();
      for (const r of requests) {
        const id = JSON.stringify(r.args);
        let group = groups.get(id);
        if (!group) {
          group = { args: r.args, keys: [] };
          groups.set(id, group);
        }
        group.keys.push(r.key);
      }
      const answers = new Map<string, Map<K, V>>();
      await Promise.all([...groups].map(async ([id, g]) => answers.set(id, await fetch(g.keys, g.args))));
      return requests.map((r) => {
        const answer = answers.get(JSON.stringify(r.args));
        if (!answer) throw new Error('withArgs: every group of arguments was fetched above');
        return answer.get(r.key);
      });
    },
    { cacheKeyFn: (r) => JSON.stringify([r.key, r.args]) },
  );
}

/** A value fetched at most once per request however many resolvers ask (e.g. the latest month loaded). */
export function once<V>(fetch: () => Promise<V>): DataLoader<'once', V> {
  return new DataLoader<'once', V>(async (keys) => {
    const value = await fetch();
    return keys.map(() => value);
  });
}
