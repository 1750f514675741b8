import type { CaseStatus } from './state.js';

export interface ReplayedCase {
  status: CaseStatus;
  acceptedAt: string | null;
  pausedWorkingDays: number;
  visits: number;
  deliveredBy: string | null;
}

/**
 * Folds a case's events into its state. Each event carries its own effect (`to`, paused days, visits),
 * so the stored row can always be checked against, or rebuilt from, its history.
 */
export function replay(events: { type: string; payload: Record<string, unknown> }[]): ReplayedCase {
  const s: ReplayedCase = {
    status: 'submitted',
    acceptedAt: null,
    pausedWorkingDays: 0,
    visits: 0,
    deliveredBy: null,
  };
  for (const e of events) {
    const p = e.payload;
    if (typeof p.to === 'string') s.status = p.to as CaseStatus;
    if (typeof p.acceptedAt === 'string') s.acceptedAt = p.acceptedAt;
    if (typeof p.pausedDays === 'number') s.pausedWorkingDays += p.pausedDays;
    if (typeof p.visits === 'number') s.visits = p.visits;
    if (e.type === 'deliver') s.deliveredBy = typeof p.mode === 'string' ? p.mode : null;
  }
  return s;
}
