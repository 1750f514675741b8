import { ArrowLeftOutlined, EyeOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Checkbox, Drawer, Input, Modal, Space, Tag } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { type ReactNode, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useMeta } from '../api/meta';
import {
  CaseFacts,
  CaseMaterials,
  CaseProgress,
  CaseTimeline,
  NoticeLinks,
  owedMaterials,
  StatusTag,
  WarningTag,
} from '../cases/CaseParts';
import { FileUpload } from '../cases/FileUpload';
import { DELIVERY, MATERIAL_STATUS } from '../cases/labels';
import { FormValues } from '../cases/SchemaForm';
import type { ActionBody, CaseMaterial, CaseView, TaskList } from '../cases/types';
import { fileUrl } from '../cases/upload';
import { allowed, useCaseAction, useSupplyMaterial } from '../cases/useCaseAction';
import { ApiError, api } from '../shared/api';
import { useAuth } from '../shared/auth';
import { LoadError, Loading, useTitle } from '../shared/PageState';
import type { ItemDetail } from '../shared/types';
import { useApi } from '../shared/useApi';

export function StaffCasePage() {
  const { id = '' } = useParams();
  const { user } = useAuth();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const meta = useMeta();
  const { data: c, error, loading, reload } = useApi<CaseView>(`/api/cases/${encodeURIComponent(id)}`);
  const item = useApi<ItemDetail>(
    c?.itemCode
      ? `/api/catalog/items/${encodeURIComponent(c.itemCode)}?version=${c.itemVersion ?? ''}`
      : null,
  );
  const action = useCaseAction(id);
  const supplyMaterial = useSupplyMaterial(id);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const [trackingNo, setTrackingNo] = useState('');
  const [problem, setProblem] = useState<string[] | null>(null);
  const [correcting, setCorrecting] = useState(false);
  const [correctIds, setCorrectIds] = useState<string[]>([]);
  const [correctComment, setCorrectComment] = useState('');
  const [preview, setPreview] = useState<CaseMaterial | null>(null);
  const commentRef = useRef<TextAreaRef>(null);
  useTitle(c ? `办件 ${c.caseNo}` : '办件办理');

  if (!user) return null;
  if (loading && !c) return <Loading rows={10} />;
  if (error || !c) return error ? <LoadError error={error} onRetry={reload} what="办件" /> : null;

  const busy = action.pending;
  const run = async (body: ActionBody, label: string) => {
    setProblem(null);
    try {
      await action.run(body);
      message.success(`${label}：已办理（${c.caseNo}）`);
      setComment('');
      setCommentError(null);
      setTrackingNo('');
      return true;
    } catch (err) {
      if (err instanceof ApiError) {
        setProblem(err.errors.length ? err.errors.map((e) => e.message) : [err.userMessage]);
      } else setProblem(['操作失败，请稍后重试']);
      return false;
    }
  };

  /** Refusals must say why (行政许可法 Art. 32, 38): the reason goes into the written decision. */
  const needComment = (what: string) => {
    if (comment.trim()) return false;
    setCommentError(`请先在「办理意见」中写明${what}的理由`);
    commentRef.current?.focus();
    return true;
  };

  const confirmThen = (title: string, content: string, body: ActionBody, label: string) =>
    modal.confirm({
      title,
      content,
      okText: '确定',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => run(body, label),
    });

  const nextCase = async () => {
    try {
      const t = await api.get<TaskList>('/api/tasks', { limit: 5 });
      const next = t.items.find((x) => x.id !== c.id);
      if (next) navigate(`/workbench/cases/${next.id}`);
      else {
        message.info('待办已全部处理');
        navigate('/workbench');
      }
    } catch {
      navigate('/workbench');
    }
  };

  const isWindow = user.roles.includes('window');
  const owed = owedMaterials(c);

  const supply = async (m: CaseMaterial, fileId: string) => {
    try {
      await supplyMaterial.mutateAsync({ materialId: m.materialId, fileId });
      message.success(`已代收「${m.name}」`);
    } catch (err) {
      setProblem([err instanceof ApiError ? err.userMessage : '材料提交失败']);
    }
  };
  // What this account may do now is the server's answer (allowedActions), not worked out here.
  const accept = allowed(c, 'accept') ?? allowed(c, 'accept-deferred');
  const reject = allowed(c, 'reject');
  const correction = allowed(c, 'request-correction');
  const deliver = allowed(c, 'deliver');
  const resubmit = allowed(c, 'resubmit');
  const approve = allowed(c, 'approve');
  const deny = allowed(c, 'deny');
  const stepIds = [
    ...new Set(
      c.allowedActions
        .filter((a) => ['complete-step', 'return-step', 'approve', 'deny'].includes(a.action))
        .flatMap((a) => a.stepIds ?? []),
    ),
  ];
  const steps = c.steps.filter((s) => stepIds.includes(s.id));
  const deferred = c.materials.filter((m) => m.status === 'deferred');
  const commentBox = (
    <div className="action-comment">
      <label htmlFor="action-comment">办理意见</label>
      <Input.TextArea
        id="action-comment"
        ref={commentRef}
        value={comment}
        status={commentError ? 'error' : undefined}
        onChange={(e) => {
          setComment(e.target.value);
          if (e.target.value.trim()) setCommentError(null);
        }}
        autoSize={{ minRows: 2, maxRows: 5 }}
        maxLength={1000}
        placeholder="受理、审查意见；不予受理、退回、不予许可须写明理由"
      />
      {commentError ? (
        <div className="field-error" role="alert">
          {commentError}
        </div>
      ) : null}
    </div>
  );

  const panels: ReactNode[] = [];

  if (accept || reject) {
    const deferredNote =
      accept?.action === 'accept-deferred' && meta
        ? `容缺材料：${deferred.map((m) => m.name).join('、')}。申请人承诺受理后 ${meta.cases.deferredDays} 个工作日内补交。`
        : null;
    panels.push(
      <div key="accept" className="action-group">
        <h3>受理</h3>
        <p className="action-hint">
          {accept?.blockedBy ? `${accept.blockedBy}。` : (deferredNote ?? '材料齐全，可以受理。')}
        </p>
        {commentBox}
        <Space wrap>
          {accept ? (
            <Button
              type="primary"
              loading={busy === accept.action}
              disabled={accept.blockedBy !== null}
              onClick={() =>
                run({ action: accept.action, comment: comment.trim() || undefined }, accept.label)
              }
            >
              {accept.label}
            </Button>
          ) : null}
          {correction ? <Button onClick={() => openCorrection()}>{correction.label}</Button> : null}
          {reject ? (
            <Button
              danger
              loading={busy === 'reject'}
              onClick={() =>
                !needComment(reject.label) &&
                confirmThen(
                  '确定不予受理？',
                  '将出具《不予受理决定书》，告知理由和救济途径，办件终止。',
                  { action: 'reject', comment: comment.trim() },
                  reject.label,
                )
              }
            >
              {reject.label}
            </Button>
          ) : null}
        </Space>
      </div>,
    );
  }

  if (deliver) {
    const mode = c.delivery.mode;
    const needsWaybill = deliver.requires.includes('trackingNo');
    panels.push(
      <div key="deliver" className="action-group">
        <h3>送达</h3>
        <p className="action-hint">
          送达方式：{DELIVERY[mode]?.label}
          {c.delivery.address ? `（${c.delivery.address}）` : ''}
          {mode === 'window' ? '。申请人到窗口领取时核验身份证件后确认送达。' : ''}
        </p>
        {needsWaybill ? (
          <div className="action-comment">
            <label htmlFor="tracking-no">快递运单号</label>
            <Input
              id="tracking-no"
              value={trackingNo}
              onChange={(e) => setTrackingNo(e.target.value)}
              maxLength={40}
              placeholder="寄出后填写运单号"
            />
          </div>
        ) : null}
        <Button
          type="primary"
          loading={busy === 'deliver'}
          disabled={deliver.blockedBy !== null}
          onClick={() =>
            run(
              { action: 'deliver', trackingNo: needsWaybill ? trackingNo.trim() || undefined : undefined },
              deliver.label,
            )
          }
        >
          {mode === 'window' ? '确认领取，送达' : deliver.label}
        </Button>
      </div>,
    );
  }

  if (c.status === 'correction') {
    const names = c.materials.filter((m) => c.correction?.materials.includes(m.materialId));
    panels.push(
      <div key="correction" className="action-group">
        <h3>补正中</h3>
        <p className="action-hint">
          等待申请人补正：{names.map((m) => `${m.name}（${MATERIAL_STATUS[m.status].label}）`).join('、')}
        </p>
        {resubmit ? (
          <Button
            loading={busy === 'resubmit'}
            disabled={resubmit.blockedBy !== null}
            onClick={() => run({ action: 'resubmit' }, resubmit.label)}
          >
            材料已补齐，代为重新提交
          </Button>
        ) : null}
      </div>,
    );
  }

  for (const s of steps) {
    const decide = approve?.stepIds?.includes(s.id) || deny?.stepIds?.includes(s.id);
    const complete = allowed(c, 'complete-step', s.id);
    const back = allowed(c, 'return-step', s.id);
    panels.push(
      <div key={s.id} className="action-group" data-step={s.id}>
        <h3>
          {s.name} <Tag color="blue">待办</Tag>
        </h3>
        {decide && approve?.blockedBy ? (
          <p className="action-hint required">{approve.blockedBy}，补齐前不能作出准予决定。</p>
        ) : null}
        {commentBox}
        <Space wrap>
          {decide ? (
            <>
              {approve ? (
                <Button
                  type="primary"
                  loading={busy === 'approve'}
                  disabled={approve.blockedBy !== null}
                  onClick={() =>
                    run({ action: 'approve', comment: comment.trim() || undefined }, approve.label)
                  }
                >
                  {approve.label}
                </Button>
              ) : null}
              {deny ? (
                <Button
                  danger
                  loading={busy === 'deny'}
                  onClick={() =>
                    !needComment(deny.label) &&
                    confirmThen(
                      '确定不予许可？',
                      '将向申请人说明理由，并告知依法申请行政复议或者提起行政诉讼的权利。',
                      { action: 'deny', comment: comment.trim() },
                      deny.label,
                    )
                  }
                >
                  {deny.label}
                </Button>
              ) : null}
            </>
          ) : complete ? (
            <Button
              type="primary"
              loading={busy === `complete-step${s.id}`}
              onClick={() =>
                run(
                  { action: 'complete-step', stepId: s.id, comment: comment.trim() || undefined },
                  `完成「${s.name}」`,
                )
              }
            >
              完成「{s.name}」
            </Button>
          ) : null}
          {back ? (
            <Button
              loading={busy === `return-step${s.id}`}
              onClick={() =>
                !needComment('退回') &&
                run({ action: 'return-step', stepId: s.id, comment: comment.trim() }, '退回')
              }
            >
              {back.label}
            </Button>
          ) : null}
          {correction && s.role !== 'approver' ? (
            <Button onClick={() => openCorrection()}>{correction.label}</Button>
          ) : null}
        </Space>
      </div>,
    );
  }

  function openCorrection() {
    setCorrectIds(
      // Pre-ticked: what is plainly still owed; the clerk adds whatever else does not conform.
      c!.materials
        .filter((m) => m.status === 'deferred' || (m.status === 'missing' && m.required))
        .map((m) => m.materialId),
    );
    setCorrectComment(comment);
    setCorrecting(true);
  }

  const submitCorrection = async () => {
    if (!correctIds.length) {
      message.error('请勾选需要补正的全部材料');
      return;
    }
    const ok = await run(
      { action: 'request-correction', materials: correctIds, comment: correctComment.trim() || undefined },
      '要求补正',
    );
    if (ok) setCorrecting(false);
  };

  return (
    <div className="case-page staff-case">
      <Breadcrumb
        className="breadcrumb"
        items={[{ title: <Link to="/workbench">工作台</Link> }, { title: `办件 ${c.caseNo}` }]}
      />
      <section className="card case-head" aria-labelledby="case-title">
        <div className="case-head-main">
          <div>
            <h1 id="case-title" className="case-title">
              {c.itemName ?? c.itemCode}
            </h1>
            <p className="case-sub">
              <span className="mono">{c.caseNo}</span>
              <StatusTag status={c.status} />
              <WarningTag warning={c.warning} />
              <span>申请人：{c.applicant.name}</span>
              {c.dueDate ? <span>办结期限：{c.dueDate}</span> : null}
            </p>
          </div>
          <Space className="case-head-actions no-print">
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/workbench')}>
              返回待办
            </Button>
            <Button onClick={nextCase}>
              下一件 <RightOutlined />
            </Button>
          </Space>
        </div>
        <CaseProgress c={c} />
      </section>

      <div className="case-columns">
        <div className="case-main">
          <section className="card" aria-labelledby="materials-title">
            <h2 id="materials-title" className="card-title">
              申请材料
            </h2>
            <CaseMaterials
              c={c}
              actionWidth={isWindow && owed.length ? 150 : 100}
              highlight={owed.map((m) => m.materialId)}
              action={(m) =>
                m.fileId ? (
                  <Button size="small" icon={<EyeOutlined />} onClick={() => setPreview(m)}>
                    预览
                  </Button>
                ) : isWindow && owed.some((o) => o.materialId === m.materialId) ? (
                  // The applicant may bring the owed paper to the window: the clerk scans it in for them.
                  <FileUpload label={`代收：${m.name}`} onChange={(f) => f && void supply(m, f.fileId)} />
                ) : null
              }
            />
          </section>
          <section className="card" aria-labelledby="form-title">
            <h2 id="form-title" className="card-title">
              申请表
            </h2>
            <FormValues schema={item.data?.form} values={c.form} />
          </section>
          <section className="card" aria-labelledby="facts-title">
            <h2 id="facts-title" className="card-title">
              办件信息
            </h2>
            <CaseFacts c={c} column={2} />
          </section>
        </div>
        <aside className="case-side">
          <section className="card action-panel" aria-labelledby="actions-title">
            <h2 id="actions-title" className="card-title">
              办理
            </h2>
            {problem ? (
              <Alert
                type="error"
                showIcon
                className="mb16"
                title="未能办理"
                description={
                  <ul className="problem-list">
                    {problem.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                }
                closable={{ onClose: () => setProblem(null) }}
              />
            ) : null}
            {panels.length ? panels : <p className="muted">当前无需您办理。办件状态：{c.statusLabel}。</p>}
          </section>
          <section className="card" aria-labelledby="notices-title">
            <h2 id="notices-title" className="card-title">
              文书打印
            </h2>
            <NoticeLinks c={c} />
          </section>
          <section className="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title" className="card-title">
              办理过程
            </h2>
            <CaseTimeline c={c} showActorRole />
          </section>
        </aside>
      </div>

      <Modal
        open={correcting}
        title="要求补正（一次性告知）"
        okText="发出补正通知"
        cancelText="取消"
        confirmLoading={busy === 'request-correction'}
        onOk={submitCorrection}
        onCancel={() => setCorrecting(false)}
        width={620}
      >
        <p className="muted">勾选需要补正的全部材料，一次告知申请人；补正期间暂停计时。</p>
        <Checkbox.Group
          className="correction-list"
          value={correctIds}
          onChange={(v) => setCorrectIds(v as string[])}
          options={c.materials.map((m) => ({
            value: m.materialId,
            label: (
              <span>
                {m.name} <Tag color={MATERIAL_STATUS[m.status].color}>{MATERIAL_STATUS[m.status].label}</Tag>
              </span>
            ),
          }))}
        />
        <label htmlFor="correction-comment" className="mt16 block-label">
          补正说明
        </label>
        <Input.TextArea
          id="correction-comment"
          value={correctComment}
          onChange={(e) => setCorrectComment(e.target.value)}
          autoSize={{ minRows: 2, maxRows: 5 }}
          maxLength={1000}
          placeholder="逐项写明不符合要求之处和补正要求"
        />
      </Modal>

      <Drawer
        open={preview !== null}
        onClose={() => setPreview(null)}
        size="large"
        title={preview ? `材料预览：${preview.name}` : ''}
        extra={
          preview?.fileId ? (
            <Space>
              <a href={fileUrl(preview.fileId)} target="_blank" rel="noreferrer">
                新窗口打开
              </a>
              <a href={fileUrl(preview.fileId, true)}>下载</a>
            </Space>
          ) : null
        }
      >
        {preview?.fileId ? (
          <iframe
            className="file-preview"
            src={fileUrl(preview.fileId)}
            title={`材料预览：${preview.name}`}
          />
        ) : null}
      </Drawer>
    </div>
  );
}
