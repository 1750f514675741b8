import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from './principal.js';

/**
 * What the platform knows about the request being served, available to every layer below the route
 * without passing it through each call: who acts (for authorization and the audit log), from where,
 * under which request id, and the Idempotency-Key the request carries (claimed by the first
 * transaction the request runs; see db/unit-of-work.ts).
 */
export interface RequestContext {
  requestId: string;
  principal: Principal | null;
  /** Peer address, or the first X-Forwarded-For hop when TRUST_PROXY=1. */
  client: string | null;
  idempotency: IdempotencyClaim | null;
}

export interface IdempotencyClaim {
  scope: string;
  key: string;
  requestHash: string;
  /** The 2xx status the route answers on success (stored with the outcome for a replay). */
  successStatus: number;
  /** Set once a transaction has stored this key's outcome. */
  claimed: boolean;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `fn` with `ctx` as the current context (the HTTP layer does this per request; jobs use a system context). */
export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** Enters `ctx` for the rest of the current async execution (used from a Fastify onRequest hook). */
export function enterContext(ctx: RequestContext): void {
  storage.enterWith(ctx);
}
