// Pieces every case page shows, whoever looks: status, deadline, progress, history, materials, notices.
import { FilePdfOutlined } from '@ant-design/icons';
import { Button, Descriptions, Popover, Steps, Table, Tag, Timeline, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { roleLabel, statusLabel, useMeta } from '../api/meta';
import { formatInstant } from '../shared/format';
import { useRegion } from '../shared/region';
import type { Department } from '../shared/types';
import { useApi } from '../shared/useApi';
import { FileLink } from './FileUpload';
import {
  CHANNEL,
  DELIVERY,
  describeEvent,
  MATERIAL_STATUS,
  noticesOf,
  STATUS_COLOR,
  WARNING,
  warningLabel,
} from './labels';
import type { CaseMaterial, CaseStatus, CaseView, Warning } from './types';

/** A case status in the server's words (GET /api/meta; `label` is the view's own statusLabel). */
export function StatusTag({ status, label }: { status: CaseStatus; label?: string }) {
  const meta = useMeta();
  return (
    <Tag color={STATUS_COLOR[status] ?? 'default'} className="status-tag" data-status={status}>
      {label ?? statusLabel(meta, status) ?? '…'}
    </Tag>
  );
}

export function WarningTag({ warning, compact }: { warning: Warning; compact?: boolean }) {
  const meta = useMeta();
  if (warning === 'none') return null;
  const w = WARNING[warning];
  const label = warningLabel(warning, meta?.cases.yellowShare);
  return (
    <Tooltip title={label}>
      <Tag color={w.color} className={`warning-tag warning-${warning}`}>
        {compact ? w.short : label}
      </Tag>
    </Tooltip>
  );
}

/** 办结期限 in the warning colour, so a clerk sees at a glance what is urgent. */
export function DueDate({
  date,
  warning,
  status,
}: {
  date: string | null;
  warning: Warning;
  status?: CaseStatus;
}) {
  const meta = useMeta();
  const ended = !!status && !!meta?.cases.statuses.find((s) => s.code === status)?.terminal;
  if (!date) return <span className="muted">{ended ? '—' : '受理后计算'}</span>;
  return <span className={`due due-${warning}`}>{date}</span>;
}

/** Department names by code (fetched once, shared by every component that asks). */
export function useDepartmentName(): (code: string | null | undefined) => string {
  const list =
    useApi<{ items: Department[] }>('/api/departments', { staleTime: 10 * 60_000 }).data?.items ?? [];
  return (code) => (code ? (list.find((d) => d.code === code)?.name ?? code) : '—');
}

/**
 * The flow as a progress bar: 提交 → the item's steps → 送达. Steps that run side by side (并联) share
 * one position; a refused, denied or withdrawn case stops in red where it ended.
 */
export function CaseProgress({ c }: { c: CaseView }) {
  const groups: Array<{ key: string; title: string; status: 'wait' | 'process' | 'finish'; role: string }> =
    [];
  for (const s of c.steps) {
    const last = groups.at(-1);
    const status = s.status === 'done' ? 'finish' : s.status === 'open' ? 'process' : 'wait';
    if (last && s.parallelGroup && last.key.startsWith(`pg:${s.parallelGroup}`)) {
      last.title += ` · ${s.name}`;
      if (status !== 'finish' && last.status === 'finish') last.status = status;
      continue;
    }
    groups.push({
      key: s.parallelGroup ? `pg:${s.parallelGroup}:${s.id}` : s.id,
      title: s.name,
      status,
      role: s.role,
    });
  }
  const lastIsDelivery = c.steps.at(-1)?.role === 'window' && c.steps.length > 1;
  const items: Array<{
    key: string;
    title: string;
    status: 'wait' | 'process' | 'finish' | 'error';
    description?: ReactNode;
  }> = [
    { key: 'submit', title: '提交申请', status: 'finish', description: formatInstant(c.createdAt).slice(5) },
    ...groups.map((g) => ({ key: g.key, title: g.title, status: g.status as 'wait' | 'process' | 'finish' })),
  ];
  if (!lastIsDelivery) {
    items.push({
      key: 'deliver',
      title: '送达',
      status: c.status === 'delivered' ? 'finish' : c.status === 'approved' ? 'process' : 'wait',
      description: c.deliveredAt ? formatInstant(c.deliveredAt).slice(5) : undefined,
    });
  }
  if (c.status === 'correction') {
    const at = items.findIndex((i) => i.status === 'process');
    const idx = at >= 0 ? at : 1;
    items[idx] = { ...items[idx]!, status: 'error', description: '待补正' };
  }
  if (['rejected', 'denied', 'withdrawn'].includes(c.status)) {
    const at = items.findIndex((i) => i.status !== 'finish');
    const idx = at >= 0 ? at : items.length - 1;
    items[idx] = { ...items[idx]!, status: 'error', description: c.statusLabel };
    for (let i = idx + 1; i < items.length; i++) items[i] = { ...items[i]!, status: 'wait' };
  }
  const current = Math.max(
    0,
    items.findIndex((i) => i.status === 'process' || i.status === 'error'),
  );
  return (
    <Steps
      className="case-progress"
      size="small"
      current={current === 0 && items.every((i) => i.status === 'finish') ? items.length - 1 : current}
      items={items.map((i) => ({ title: i.title, status: i.status, content: i.description }))}
      aria-label="办理进度"
    />
  );
}

/** What happened, newest last, in words (not event codes), with who did it and what they wrote. */
export function CaseTimeline({ c, showActorRole }: { c: CaseView; showActorRole?: boolean }) {
  const meta = useMeta();
  const materialName = (id: string) => c.materials.find((m) => m.materialId === id)?.name ?? id;
  const statusName = (s: string) => statusLabel(meta, s) ?? s;
  return (
    <Timeline
      className="case-timeline"
      items={c.events.map((e, i) => {
        const t = describeEvent(e, c.steps, materialName, statusName, meta?.cases.yellowShare);
        const isApplicant = e.actor && e.actor === c.applicant.id;
        const who = e.actorName ?? (e.actor ? '工作人员' : '系统');
        return {
          key: `${e.at}-${i}`,
          color: t.color,
          content: (
            <div className="event" data-event={e.type}>
              <div className="event-head">
                <span className="event-title">{t.title}</span>
                <span className="event-time">{formatInstant(e.at)}</span>
              </div>
              <div className="event-actor">
                {isApplicant ? `申请人 ${who}` : who}
                {showActorRole && e.type === 'complete-step'
                  ? `（${roleLabel(meta, c.steps.find((s) => s.id === e.data?.stepId)?.role ?? '')}）`
                  : ''}
              </div>
              {t.detail ? <div className="event-detail">{t.detail}</div> : null}
              {e.comment ? <div className="event-comment">意见：{e.comment}</div> : null}
            </div>
          ),
        };
      })}
    />
  );
}

/** 受理通知书 / 补正材料通知书 / 不予受理决定书, once the case has had the event that issues them. */
export function NoticeLinks({ c }: { c: CaseView }) {
  const notices = noticesOf(c.events);
  if (!notices.length) return <p className="muted">暂无文书。受理、补正或不予受理后在此下载。</p>;
  return (
    <ul className="notice-links">
      {notices.map((n) => (
        <li key={n.kind}>
          <a href={`/api/cases/${c.id}/notices/${n.kind}`} target="_blank" rel="noreferrer">
            <FilePdfOutlined aria-hidden /> {n.name}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function CaseFacts({
  c,
  column = 3,
  extra = [],
}: {
  c: CaseView;
  column?: number;
  extra?: Array<{ key: string; label: string; children: ReactNode }>;
}) {
  const { regionName } = useRegion();
  const deptName = useDepartmentName();
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: column }}
      className="case-facts"
      items={[
        { key: 'no', label: '办件编号', children: <span className="mono">{c.caseNo}</span> },
        { key: 'status', label: '办件状态', children: <StatusTag status={c.status} label={c.statusLabel} /> },
        { key: 'applicant', label: '申请人', children: c.applicant.name },
        { key: 'region', label: '办理区划', children: regionName(c.regionCode) },
        { key: 'dept', label: '受理部门', children: deptName(c.departmentCode) },
        { key: 'channel', label: '申请渠道', children: CHANNEL[c.channel] ?? c.channel },
        { key: 'created', label: '提交时间', children: formatInstant(c.createdAt) },
        { key: 'accepted', label: '受理时间', children: formatInstant(c.acceptedAt) },
        {
          key: 'due',
          label: '办结期限',
          children: (
            <span>
              <DueDate date={c.dueDate} warning={c.warning} status={c.status} />{' '}
              <WarningTag warning={c.warning} compact />
              {c.pausedWorkingDays ? (
                <span className="muted">（补正暂停 {c.pausedWorkingDays} 个工作日）</span>
              ) : null}
            </span>
          ),
        },
        {
          key: 'promised',
          label: '承诺时限',
          children: c.promisedDays ? `${c.promisedDays} 个工作日` : '即办',
        },
        {
          key: 'delivery',
          label: '送达方式',
          children: (
            <span>
              {DELIVERY[c.delivery.mode]?.label ?? c.delivery.mode}
              {c.delivery.address ? `：${c.delivery.address}` : ''}
              {c.trackingNo ? `（运单号 ${c.trackingNo}）` : ''}
            </span>
          ),
        },
        { key: 'visits', label: '跑动次数', children: c.visits === 0 ? '0 次（零跑动）' : `${c.visits} 次` },
        ...extra,
      ]}
    />
  );
}

/** The materials of a case with their state; `action` adds a column (e.g. an upload to supply one). */
export function CaseMaterials({
  c,
  action,
  actionWidth = 100,
  highlight = [],
}: {
  c: CaseView;
  action?: (m: CaseMaterial) => ReactNode;
  actionWidth?: number;
  highlight?: string[];
}) {
  return (
    <Table<CaseMaterial>
      className="case-materials"
      size="small"
      bordered
      scroll={{ x: 560 }}
      pagination={false}
      rowKey="materialId"
      dataSource={c.materials}
      rowClassName={(m) => (highlight.includes(m.materialId) ? 'row-owed' : '')}
      onRow={(m) => ({ 'data-material': m.materialId }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: '序号', key: 'no', width: 50, align: 'center', render: (_, __, i) => i + 1 },
        {
          title: '材料名称',
          key: 'name',
          render: (_, m) => (
            <span>
              {m.name} {m.required ? null : <span className="muted">（非必需）</span>}
            </span>
          ),
        },
        {
          title: '状态',
          key: 'status',
          width: 130,
          render: (_, m) => {
            const s = MATERIAL_STATUS[m.status];
            return (
              <span>
                <Tag color={s.color}>{s.label}</Tag>
                {m.status === 'deferred' && m.owedUntil ? (
                  <span className={`owed-until ${m.overdue ? 'required' : 'muted'}`}>
                    {m.overdue ? `已逾期（${m.owedUntil}）` : `${m.owedUntil} 前补交`}
                  </span>
                ) : null}
              </span>
            );
          },
        },
        {
          title: '文件',
          key: 'file',
          width: 120,
          render: (_, m) =>
            m.fileId ? (
              <FileLink file={{ fileId: m.fileId, name: '查看文件', size: 0 }} />
            ) : m.status === 'shared' ? (
              <span className="muted">{m.sharedSource ? `共享自 ${m.sharedSource}` : '共享调取'}</span>
            ) : m.status === 'commitment' && m.commitmentText ? (
              // The exact words the applicant signed, as the server stored them.
              <Popover
                title="已签署的告知承诺书"
                content={<p className="commitment-signed">{m.commitmentText}</p>}
              >
                <Button type="link" size="small">
                  查看承诺书
                </Button>
              </Popover>
            ) : (
              <span className="muted">—</span>
            ),
        },
        ...(action
          ? [
              {
                title: '操作',
                key: 'action',
                width: actionWidth,
                render: (_: unknown, m: CaseMaterial) => action(m),
              },
            ]
          : []),
      ]}
    />
  );
}

/** Materials the applicant owes now: those asked for in a correction, and those deferred at 容缺. */
export function owedMaterials(c: CaseView): CaseMaterial[] {
  const terminal = ['approved', 'denied', 'rejected', 'delivered', 'withdrawn'].includes(c.status);
  if (terminal) return [];
  return c.materials.filter(
    (m) =>
      m.status === 'deferred' ||
      (m.status === 'missing' && (c.correction?.materials.includes(m.materialId) || m.required)),
  );
}
