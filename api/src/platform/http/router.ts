import type { Result, Router } from 'hono/router';
import { UnsupportedPathError } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { TrieRouter } from 'hono/router/trie-router';

type Route<T> = [method: string, path: string, handler: T];

// As Hono reads a path: a parameter starts a segment (`/:id`); a colon elsewhere is literal.
const hasParameter = (path: string) => path.includes('/:');
const isStatic = (path: string) => !hasParameter(path) && !path.includes('*');

/**
 * Hono's SmartRouter, keeping RegExpRouter for the API's routes. RegExpRouter matches a path
 * with one regular expression per method: ~0.3 µs a match against TrieRouter's ~1.4 µs on
 * this API's routes, and the trie's path splitting and handler sets showed as ~2 % of the
 * API's CPU on a small read (api/bench/README.md). But it refuses a static path where a
 * parameter of another route would also match it (`GET /v1/events/stream` beside
 * `GET /v1/events/:id`), and SmartRouter then falls back to the trie for every route.
 *
 * Here only the paths of such static routes go through a TrieRouter, which has every route
 * and so answers them exactly as SmartRouter would. Every other path goes through a
 * RegExpRouter of every route but those: a static route matches its own path only, so
 * leaving it out changes no other path's answer. Both are built on the first match, as
 * SmartRouter builds its own; if RegExpRouter refuses even that, the trie takes everything.
 * Hono has no router that does this; it is written here, on Hono's two routers.
 */
export class SplitRouter<T> implements Router<T> {
  name = 'SplitRouter';
  #routes: Route<T>[] | undefined = [];
  /** Static paths another route's parameter also matches: answered by the trie. */
  #sharedPaths = new Set<string>();
  #trie: Router<T> = new TrieRouter<T>();
  #fast: Router<T> | undefined;

  add(method: string, path: string, handler: T): void {
    if (!this.#routes) throw new Error('Can not add a route since the matcher is already built.');
    this.#routes.push([method, path, handler]);
  }

  match(method: string, path: string): Result<T> {
    if (this.#routes) this.#build(this.#routes);
    if (this.#fast && !this.#sharedPaths.has(path)) return this.#fast.match(method, path);
    return this.#trie.match(method, path);
  }

  #build(routes: Route<T>[]): void {
    this.#routes = undefined;
    for (const route of routes) this.#trie.add(...route);
    // Which static paths some route with a parameter also matches (any method).
    const withParameters = new TrieRouter<true>();
    for (const [method, path] of routes)
      if (hasParameter(path)) withParameters.add(method, path, true);
    const methods = new Set(routes.map(([method]) => (method === 'ALL' ? 'GET' : method)));
    for (const [, path] of routes) {
      if (isStatic(path) && matchesAnyMethod(withParameters, methods, path)) {
        this.#sharedPaths.add(path);
      }
    }
    const fast = new RegExpRouter<T>();
    try {
      // RegExpRouter refuses a route as it is added, or when it builds its matchers (on the
      // first match).
      for (const route of routes) if (!this.#sharedPaths.has(route[1])) fast.add(...route);
      fast.match('GET', '/');
      this.#fast = fast;
      this.name = 'SplitRouter (RegExpRouter, TrieRouter for shared static paths)';
    } catch (err) {
      if (!(err instanceof UnsupportedPathError)) throw err;
      this.#sharedPaths.clear();
      this.name = 'SplitRouter (TrieRouter)';
    }
  }
}

function matchesAnyMethod(router: Router<true>, methods: Set<string>, path: string): boolean {
  for (const method of methods) {
    const [handlers] = router.match(method, path);
    if (handlers.length > 0) return true;
  }
  return false;
}
