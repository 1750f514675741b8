// The deployment's rules and branding, from GET /api/meta: the web app keeps no copy of them.
import { useApi } from './query';
import type { Meta } from './types';

export function useMeta(): Meta | undefined {
  return useApi<Meta>('/api/meta', { staleTime: Number.POSITIVE_INFINITY }).data;
}

/** The server's label of a case status (undefined until GET /api/meta answers). */
export function statusLabel(meta: Meta | undefined, status: string): string | undefined {
  return meta?.cases.statuses.find((s) => s.code === status)?.label;
}

/** The 告知承诺 text the server signs for this material and applicant. */
export function commitmentText(meta: Meta | undefined, materialName: string, applicant: string): string {
  return (meta?.cases.commitmentTemplate ?? '')
    .replaceAll('{material}', materialName)
    .replaceAll('{applicant}', applicant);
}

/** 20971520 → "20 MB" */
export function megabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/** The server's name of a staff role (the code itself until GET /api/meta answers). */
export function roleLabel(meta: Meta | undefined, role: string): string {
  return meta?.roles.find((r) => r.code === role)?.label ?? role;
}
