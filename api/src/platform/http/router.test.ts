import type { Result, Router } from 'hono/router';
import { TrieRouter } from 'hono/router/trie-router';
import { describe, expect, it } from 'vitest';
import { appWithoutDatabase } from '../../openapi-document.js';
import { SplitRouter } from './router.js';

/** Each matched handler with its parameters, whichever of Hono's two result shapes. */
function answer<T>(result: Result<T>): Array<[T, Record<string, string | undefined>]> {
  const [matches, stash] = result;
  return matches.map(([handler, params]) => [
    handler,
    stash
      ? Object.fromEntries(
          Object.entries(params as Record<string, number>).map(([k, i]) => [k, stash[i]]),
        )
      : { ...(params as Record<string, string>) },
  ]);
}

function routersOf<T>(routes: Array<[string, string, T]>): [Router<T>, Router<T>] {
  const split = new SplitRouter<T>();
  const trie = new TrieRouter<T>();
  for (const route of routes) {
    split.add(...route);
    trie.add(...route);
  }
  return [split, trie];
}

describe('SplitRouter', () => {
  it('answers every route of the app as the trie does, and matches with RegExpRouter', () => {
    const app = appWithoutDatabase();
    const routes = app.routes.map(
      (r) => [r.method, r.path, r.handler] as [string, string, unknown],
    );
    const [split, trie] = routersOf(routes);
    const paths = new Set(
      routes.map(([, path]) => path.replace(/:(\w+)/g, 'x_$1').replace('*', 'y')),
    );
    // Static paths beside a parameter, and paths no route serves.
    paths.add('/v1/events/stream').add('/v1/events/evt_1').add('/v1/nope').add('/nope').add('/');
    let compared = 0;
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS']) {
        expect(answer(split.match(method, path)), `${method} ${path}`).toEqual(
          answer(trie.match(method, path)),
        );
        compared++;
      }
    }
    // Every route's path was tried (the app serves over 40 distinct ones).
    expect(paths.size).toBeGreaterThan(40);
    expect(compared).toBe(paths.size * 6);
    // The app has a static path beside a parameter, so the split is what keeps RegExpRouter.
    expect(split.name).toBe('SplitRouter (RegExpRouter, TrieRouter for shared static paths)');
  });

  it('keeps registration order for a static path beside a parameter, either way round', () => {
    for (const order of [0, 1]) {
      const routes: Array<[string, string, string]> = [
        ['ALL', '/v1/*', 'mw'],
        ['GET', '/v1/things/:id', 'one'],
        ['GET', '/v1/things/new', 'new'],
        ['GET', '/v1/things', 'list'],
      ];
      if (order) routes.reverse();
      const [split, trie] = routersOf(routes);
      for (const path of ['/v1/things/new', '/v1/things/th_1', '/v1/things', '/v1/other']) {
        expect(answer(split.match('GET', path))).toEqual(answer(trie.match('GET', path)));
      }
      expect(answer(split.match('GET', '/v1/things/th_1'))).toContainEqual(['one', { id: 'th_1' }]);
      expect(answer(split.match('DELETE', '/v1/things/new'))).toEqual([['mw', {}]]);
    }
  });

  it('reads a colon inside a segment as part of a static path, as Hono does', () => {
    const routes: Array<[string, string, string]> = [
      ['GET', '/v1/things:batch', 'batch'],
      ['GET', '/v1/things/:id', 'one'],
    ];
    const [split, trie] = routersOf(routes);
    for (const path of ['/v1/things:batch', '/v1/things/th_1', '/v1/things:other']) {
      expect(answer(split.match('GET', path))).toEqual(answer(trie.match('GET', path)));
    }
    expect(answer(split.match('GET', '/v1/things:batch'))).toEqual([['batch', {}]]);
    expect(split.name).toBe('SplitRouter (RegExpRouter, TrieRouter for shared static paths)');
  });

  it('falls back to the trie for everything when RegExpRouter refuses the rest', () => {
    // Two parameters with different patterns at one place: no single regular expression.
    const routes: Array<[string, string, string]> = [
      ['GET', '/a/:id{[0-9]+}', 'digits'],
      ['GET', '/a/:name{[a-z]+}', 'letters'],
    ];
    const [split, trie] = routersOf(routes);
    for (const path of ['/a/12', '/a/bc', '/a/-']) {
      expect(answer(split.match('GET', path))).toEqual(answer(trie.match('GET', path)));
    }
    expect(split.name).toBe('SplitRouter (TrieRouter)');
    expect(answer(split.match('GET', '/a/12'))).toEqual([['digits', { id: '12' }]]);
  });

  it('refuses routes added after the first match', () => {
    const [split] = routersOf<string>([['GET', '/', 'root']]);
    split.match('GET', '/');
    expect(() => split.add('GET', '/late', 'late')).toThrow(/already built/);
  });
});
