import { notFound } from '../../platform/errors.js';
import type { Principal } from '../../platform/http/access.js';
import * as repo from './repo.js';
import { actsAs, canRead, type ScopeContext } from './scope.js';
import type { Actor } from './state.js';
import type { CaseDeps } from './types.js';

/** What every part of the case service shares: the dependencies and the caller's reach. */
export function createKit(deps: CaseDeps) {
  const { db } = deps;
  const deferredDays = deps.deferredDays ?? 5;
  async function scopeOf(p: Principal): Promise<ScopeContext> {
    return {
      regionSubtree: p.kind === 'staff' && p.regionCode ? await deps.regions.subtree(p.regionCode) : [],
    };
  }

  async function loadReadable(p: Principal, id: string) {
    const c = await repo.findCase(db, id);
    // Someone else's case answers as if it did not exist.
    if (!c || !canRead(p, c, await scopeOf(p))) throw notFound('办件', id);
    return c;
  }

  async function actorIn(
    p: Principal,
    by: readonly Actor[],
    c: repo.CaseRow,
    ctx: ScopeContext,
  ): Promise<Actor | null> {
    for (const a of by) if (actsAs(p, a, c, ctx)) return a;
    return null;
  }

  return { db, deps, deferredDays, scopeOf, loadReadable, actorIn };
}

export type Kit = ReturnType<typeof createKit>;
