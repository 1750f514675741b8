import type { FormInstance } from 'antd';
import { useEffect, useMemo } from 'react';
import type { ResponseOf } from '../api/types';
import { useApi } from '../shared/useApi';

/**
 * The form fields the server fills from the real-name account (name, ID number, USCC, legal
 * representative): shown prefilled and read-only, ID numbers masked. Whatever is posted for them,
 * the server files the account's values (src/modules/cases/applicant-fields.ts).
 */
export function useApplicantFields(
  form: FormInstance,
  query: { itemCode?: string; bundleCode?: string; regionCode?: string; applicantId?: string },
): ReadonlySet<string> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  const ready = !!query.regionCode && !!(query.itemCode || query.bundleCode);
  const { data } = useApi<ResponseOf<'/api/cases/applicant-fields'>>(
    ready ? `/api/cases/applicant-fields?${params}` : null,
  );
  useEffect(() => {
    if (data?.fields.length)
      form.setFieldsValue({ form: Object.fromEntries(data.fields.map((f) => [f.key, f.value])) });
  }, [data, form]);
  return useMemo(() => new Set(data?.fields.map((f) => f.key) ?? []), [data]);
}
