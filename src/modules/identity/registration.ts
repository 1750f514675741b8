import type { Role } from '../../platform/http/access.js';
import { type PlainAccount, personUsername } from './sealed.js';

export type PersonRegistration = {
  type: 'person';
  name: string;
  idNumber: string;
  phone: string;
  password: string;
};
export type EnterpriseRegistration = {
  type: 'enterprise';
  name: string;
  uscc: string;
  legalRepName: string;
  legalRepIdNumber: string;
  phone: string;
  password: string;
};

export interface NewStaff {
  username: string;
  name: string;
  password: string;
  roles: Role[];
  regionCode: string;
  departmentCode?: string | null;
  phone?: string | null;
}

/** The account of a person (logs in by ID number) or an enterprise (username = USCC). */
export function applicantAccount(
  id: string,
  input: Omit<PersonRegistration, 'password'> | Omit<EnterpriseRegistration, 'password'>,
): PlainAccount {
  const common = { name: input.name, phone: input.phone, roles: [], department_code: null };
  if (input.type === 'person') {
    return {
      ...common,
      kind: 'person',
      username: personUsername(id),
      id_number: input.idNumber,
      uscc: null,
      legal_rep_name: null,
      legal_rep_id_number: null,
      region_code: input.idNumber.slice(0, 6),
    };
  }
  return {
    ...common,
    kind: 'enterprise',
    username: input.uscc,
    id_number: null,
    uscc: input.uscc,
    legal_rep_name: input.legalRepName,
    legal_rep_id_number: input.legalRepIdNumber,
    // GB 32100: characters 3–8 are the registering authority's region.
    region_code: input.uscc.slice(2, 8),
  };
}
