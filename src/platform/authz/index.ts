import { forbidden, notFound } from '../errors.js';
import type { Principal } from '../http/access.js';
import type { Condition, ObjectFacts, ObjectKind, Policy, Reach } from './model.js';
import { decide } from './model.js';
import { actionPolicy, actorCondition, type WorkflowAuthz } from './policies.js';

export * from './model.js';
export * from './policies.js';

export interface RegionDirectory {
  /** The region and every region below it. */
  subtree(code: string): Promise<string[]>;
}

/** What the caller is told when an object is hidden from it: the same words as for an unknown id. */
const KIND_NAME: Record<ObjectKind, string> = {
  case: '办件',
  licence: '证照',
  file: '文件',
  staff: '账号',
  message: '消息',
  draft: '草稿',
  ticket: '工单',
  rectification: '整改',
  'inspection-task': '检查任务',
};

/** The detail of the 404 for a hidden object: word for word that of an unknown id. */
export const hiddenDetail = (kind: ObjectKind, id: string) => notFound(KIND_NAME[kind], id).detail;

/** Regions change only with a catalog import; a minute of staleness is harmless. */
const SUBTREE_TTL_MS = 60_000;

export function createAuthz(regions: RegionDirectory) {
  const subtrees = new Map<string, { at: number; codes: ReadonlySet<string> }>();

  async function reach(p: Principal): Promise<Reach> {
    if (p.kind !== 'staff' || !p.regionCode) return { principal: p, subtree: new Set() };
    const hit = subtrees.get(p.regionCode);
    if (hit && Date.now() - hit.at < SUBTREE_TTL_MS) return { principal: p, subtree: hit.codes };
    const codes = new Set(await regions.subtree(p.regionCode));
    if (subtrees.size > 1000) subtrees.clear();
    subtrees.set(p.regionCode, { at: Date.now(), codes });
    return { principal: p, subtree: codes };
  }

  const asReach = async (who: Principal | Reach): Promise<Reach> => ('principal' in who ? who : reach(who));

  /**
   * Throws the contract's refusal for `policy` on `object`: 404 when the caller may not know it
   * exists, 403 when it may see it but never take this action. Accepts a resolved `Reach` so a
   * caller inside a transaction (one connection on PGlite) resolves the scope before it starts.
   */
  async function authorize(
    who: Principal | Reach,
    p: Policy,
    o: ObjectFacts,
    message?: string,
  ): Promise<void> {
    const verdict = decide(await asReach(who), p, o);
    if (verdict === 'not_found') throw notFound(KIND_NAME[o.kind], o.id);
    if (verdict === 'forbidden') throw forbidden(message);
  }

  return {
    reach,
    authorize,
    /** The same decision as a boolean (filters, lists, `allowedActions`). */
    async can(who: Principal | Reach, p: Policy | Condition, o: ObjectFacts): Promise<boolean> {
      const r = await asReach(who);
      return 'see' in p ? decide(r, p, o) === 'ok' : p.test(r, o);
    },
    /** The actors of a workflow action the caller acts as on `o` (empty: it may not take it). */
    async actorsFor(
      who: Principal | Reach,
      w: WorkflowAuthz,
      action: string,
      o: ObjectFacts,
    ): Promise<string[]> {
      const r = await asReach(who);
      const a = w.actions[action];
      return (a?.by ?? []).filter((x) => actorCondition(w, x).test(r, o));
    },
    /** Authorizes a workflow action: 404 outside reach, 403 for an actor the caller is not. */
    async authorizeAction(who: Principal | Reach, w: WorkflowAuthz, action: string, o: ObjectFacts) {
      const label = w.actions[action]?.label ?? action;
      await authorize(who, actionPolicy(w, action), o, `当前账号不能对该${KIND_NAME[o.kind]}「${label}」`);
    },
  };
}

export type Authz = ReturnType<typeof createAuthz>;
