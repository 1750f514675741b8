// Case changes (actions, supplied materials) as TanStack mutations: one request at a time per case,
// and every screen that shows the case, a list of cases or a queue refetched once it succeeded.
import { useMutation } from '@tanstack/react-query';
import { useInvalidate } from '../api/query';
import { api } from '../shared/api';
import type { ActionBody, AllowedAction, ApplyBody, CaseAction, CaseView, Created } from './types';

/** Reload everything a change to case `id` may have moved. */
export function useCaseChanged() {
  const invalidate = useInvalidate();
  return (id: string) => invalidate(`/api/cases/${id}`, '/api/cases', '/api/tasks', '/api/me/messages');
}

export function useCaseAction(caseId: string) {
  const changed = useCaseChanged();
  const m = useMutation({
    mutationFn: (body: ActionBody) => api.post(`/api/cases/${encodeURIComponent(caseId)}/actions`, body),
    onSuccess: () => changed(caseId),
  });
  const pending = m.isPending && m.variables ? m.variables.action + (m.variables.stepId ?? '') : null;
  return { run: m.mutateAsync, pending };
}

export function useSupplyMaterial(caseId: string) {
  const changed = useCaseChanged();
  return useMutation({
    mutationFn: (body: { materialId: string; fileId: string }) =>
      api.post(`/api/cases/${encodeURIComponent(caseId)}/materials`, body),
    onSuccess: () => changed(caseId),
  });
}

/** What the server offers this caller now (GET /api/cases/:id → allowedActions). */
export function allowed(c: CaseView, action: CaseAction, stepId?: string): AllowedAction | undefined {
  return c.allowedActions.find((a) => a.action === action && (!stepId || a.stepIds?.includes(stepId)));
}

/**
 * POST /api/cases with the attempt's Idempotency-Key: a double click or a retry after a network error
 * reuses it, so the server creates the case once. The lists that show it are refetched afterwards.
 */
export function useApplyCase() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ body, key }: { body: ApplyBody; key: string }) =>
      api.post<Created>('/api/cases', body, { 'Idempotency-Key': key }),
    onSuccess: () => invalidate('/api/cases', '/api/tasks', '/api/me/messages'),
  });
}
