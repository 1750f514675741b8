// Shapes of the case (办件) API: POST/GET /api/cases, /api/tasks, drafts, messages, window intake.

export type CaseStatus =
  | 'submitted'
  | 'correction'
  | 'accepted'
  | 'in_review'
  | 'approved'
  | 'denied'
  | 'rejected'
  | 'delivered'
  | 'withdrawn';

export type Warning = 'none' | 'yellow' | 'red';
export type DeliveryMode = 'electronic' | 'window' | 'express';
export type MaterialStatus = 'provided' | 'shared' | 'commitment' | 'deferred' | 'missing';

export interface Delivery {
  mode: DeliveryMode;
  address?: string;
}

export interface CaseSummary {
  id: string;
  caseNo: string;
  itemCode: string | null;
  itemName: string | null;
  /** 一件事 parent: the bundle's code (itemCode is null). */
  bundleCode?: string | null;
  regionCode: string;
  departmentCode: string | null;
  applicantName: string;
  channel: 'online' | 'window';
  status: CaseStatus;
  statusLabel: string;
  createdAt: string;
  acceptedAt: string | null;
  dueDate: string | null;
  warning: Warning;
}

export interface TaskSummary extends CaseSummary {
  openSteps: Array<{ id: string; name: string; role: string }>;
}

export interface TaskList {
  total: number;
  counts: Record<Warning, number>;
  items: TaskSummary[];
}

export interface CaseMaterial {
  materialId: string;
  name: string;
  required: boolean;
  status: MaterialStatus;
  fileId: string | null;
  sharedSource: string | null;
  /** 告知承诺: the text that was signed (the server's). */
  commitmentText?: string | null;
  owedUntil: string | null;
  overdue: boolean;
}

export interface CaseStep {
  id: string;
  name: string;
  role: string;
  parallelGroup: string | null;
  status: 'waiting' | 'open' | 'done';
  completedAt: string | null;
}

export interface CaseEvent {
  type: string;
  at: string;
  actor: string | null;
  actorName: string | null;
  comment: string | null;
  data: Record<string, unknown>;
}

export interface CaseView {
  id: string;
  caseNo: string;
  itemCode: string | null;
  itemVersion: number | null;
  itemName: string | null;
  regionCode: string;
  departmentCode: string | null;
  applicant: { id: string; name: string; kind: 'person' | 'enterprise' };
  channel: 'online' | 'window';
  status: CaseStatus;
  statusLabel: string;
  createdAt: string;
  acceptedAt: string | null;
  promisedDays: number;
  dueDate: string | null;
  pausedWorkingDays: number;
  warning: Warning;
  visits: number;
  delivery: Delivery;
  trackingNo: string | null;
  decidedAt: string | null;
  deliveredAt: string | null;
  form: Record<string, unknown>;
  correction: { materials: string[]; from: CaseStatus } | null;
  materials: CaseMaterial[];
  steps: CaseStep[];
  events: CaseEvent[];
  /** 一件事: the parent case has a bundle code and no item; its sub-cases are `children`. */
  bundleCode?: string | null;
  children?: CaseView[];
}

export type MaterialInput =
  | { materialId: string; fileId: string }
  | { materialId: string; commitment: true }
  | { materialId: string; deferred: true };

export interface ApplyBody {
  itemCode: string;
  regionCode: string;
  form: Record<string, unknown>;
  materials: MaterialInput[];
  delivery: Delivery;
  applicantId?: string;
}

export interface Created {
  id: string;
  caseNo: string;
  status: CaseStatus;
  /** 一件事: one sub-case per item, each with the department that handles it. */
  children?: Array<{ id: string; caseNo: string; itemCode: string; departmentCode: string }>;
}

export interface UploadedFile {
  fileId: string;
  sha256: string;
  size: number;
  mime: string;
  name: string;
}

export interface Draft {
  id: string;
  itemCode: string | null;
  regionCode: string | null;
  data: Record<string, unknown>;
  updatedAt: string;
}

export interface Message {
  id: number;
  caseId: string | null;
  title: string;
  body: string;
  createdAt: string;
  read: boolean;
}

export interface Inbox {
  unread: number;
  items: Message[];
}

export interface WindowApplicant {
  id: string;
  kind: 'person' | 'enterprise';
  name: string;
  phoneMasked: string | null;
  numberMasked: string | null;
}
