import {
  actionPolicy,
  type ObjectKind,
  type Policy,
  type WorkflowAuthz,
} from '../../src/platform/authz/index.js';
import type { Access, RouteRule } from '../../src/platform/http/access.js';

/**
 * The generator of the access matrix: from the route table (`app.routes`, each rule declared beside
 * its path) and the workflow definitions, every operation to try — one per route, one per action of
 * a workflow route — together with the object rule it must obey. It refuses (throws, listing every
 * problem) a table in which a route touches an object without declaring its rule, declares a kind
 * the matrix has no fixtures for, or serves a workflow the matrix was not given; so a new route or
 * action without a declared rule fails the build. A new workflow (the kernel's tickets) plugs in by
 * being passed here with fixtures for its object kind.
 */

export interface Operation {
  /** `METHOD url`, plus ` action` for a workflow action. */
  key: string;
  route: string;
  method: string;
  url: string;
  access: Access;
  kind?: ObjectKind;
  /** Where the request names the object (`response`: the answer lists objects under `key`). */
  where?: { in: 'params' | 'query' | 'body' | 'response'; key: string };
  policy?: Policy;
  action?: string;
}

export function operations(
  routes: readonly RouteRule[],
  workflows: readonly WorkflowAuthz[],
  fixtureKinds: readonly ObjectKind[],
): Operation[] {
  const problems: string[] = [];
  const ops: Operation[] = [];
  const served = new Set<string>();
  for (const r of routes) {
    const route = `${r.method} ${r.url}`;
    if (r.access.kind === 'public') continue;
    const o = r.access.object;
    const params = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    if (!o) {
      // A path id names an object: its rule must be stated beside the path.
      if (params.includes('id')) problems.push(`${route} takes :id but declares no object rule (access.on)`);
      ops.push({ key: route, route, method: r.method, url: r.url, access: r.access });
      continue;
    }
    const kind = o.kind as ObjectKind;
    if (!fixtureKinds.includes(kind))
      problems.push(`${route} touches a ${o.kind}, for which the matrix has no fixtures`);
    if (o.in === 'params' && !params.includes(o.key))
      problems.push(`${route} names its object by :${o.key}, absent from the path`);
    const base = {
      route,
      method: r.method,
      url: r.url,
      access: r.access,
      kind,
      where: { in: o.in, key: o.key },
    };
    if (o.workflow) {
      const w = workflows.find((x) => x.name === o.workflow!.name);
      if (!w) {
        problems.push(`${route} serves workflow ${o.workflow.name}, which the matrix was not given`);
        continue;
      }
      served.add(w.name);
      for (const action of Object.keys(w.actions)) {
        try {
          ops.push({ ...base, key: `${route} ${action}`, policy: actionPolicy(w, action), action });
        } catch (e) {
          problems.push(`${route} ${action}: ${(e as Error).message}`);
        }
      }
    } else if (o.policy) {
      if (o.policy.kind !== o.kind)
        problems.push(`${route}: policy ${o.policy.name} is about a ${o.policy.kind}`);
      ops.push({ ...base, key: route, policy: o.policy as Policy });
    } else problems.push(`${route} declares an object but neither a policy nor a workflow`);
  }
  for (const w of workflows)
    if (!served.has(w.name)) problems.push(`workflow ${w.name} is served by no route`);
  if (problems.length) throw new Error(`access matrix: undeclared rules\n- ${problems.join('\n- ')}`);
  return ops;
}
