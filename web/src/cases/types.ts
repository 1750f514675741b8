// Shapes of the case (办件) API, from the generated OpenAPI types (web/src/api).
import type { BodyOf, ResponseOf } from '../api/types';

export type CaseView = ResponseOf<'/api/cases/{id}'>;
export type CaseStatus = CaseView['status'];
export type Warning = CaseView['warning'];
export type Delivery = CaseView['delivery'];
export type DeliveryMode = Delivery['mode'];
export type CaseMaterial = CaseView['materials'][number];
export type MaterialStatus = CaseMaterial['status'];
export type CaseStep = CaseView['steps'][number];
export type CaseEvent = CaseView['events'][number];
export type AllowedAction = CaseView['allowedActions'][number];
export type CaseAction = AllowedAction['action'];

export type CaseList = ResponseOf<'/api/cases'>;
export type CaseSummary = CaseList['items'][number];
export type TaskList = ResponseOf<'/api/tasks'>;
export type TaskSummary = TaskList['items'][number];

export type ApplyBody = BodyOf<'/api/cases'>;
export type MaterialInput = NonNullable<ApplyBody['materials']>[number];
export type ActionBody = BodyOf<'/api/cases/{id}/actions'>;
export type Created = ResponseOf<'/api/cases', 'post'>;
export type UploadedFile = ResponseOf<'/api/files', 'post'>;
export type Draft = ResponseOf<'/api/cases/drafts'>['items'][number];

export type Inbox = ResponseOf<'/api/me/messages'>;
export type Message = Inbox['items'][number];
export type WindowApplicant = ResponseOf<'/api/window/applicants'>['items'][number];
