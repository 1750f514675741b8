import { ExclamationCircleFilled } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Modal, Table } from 'antd';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useMeta } from '../api/meta';
import { useItemDetails } from '../guide/useItemDetails';
import { ApiError } from '../shared/api';
import { formatInstant } from '../shared/format';
import { LoadError, Loading, useTitle } from '../shared/PageState';
import type { BundleDetail, ItemDetail } from '../shared/types';
import { useApi } from '../shared/useApi';
import { planBundle } from './bundlePlan';
import {
  CaseFacts,
  CaseMaterials,
  CaseProgress,
  CaseTimeline,
  DueDate,
  NoticeLinks,
  owedMaterials,
  StatusTag,
  useDepartmentName,
  WarningTag,
} from './CaseParts';
import { FileUpload } from './FileUpload';
import { DELIVERY } from './labels';
import { FormValues } from './SchemaForm';
import type { CaseMaterial, CaseView } from './types';
import { allowed, useCaseAction, useSupplyMaterial } from './useCaseAction';

export function MyCasePage() {
  const { id = '' } = useParams();
  const { data: c, error, loading, reload } = useApi<CaseView>(`/api/cases/${encodeURIComponent(id)}`);
  const item = useApi<ItemDetail>(
    c?.itemCode
      ? `/api/catalog/items/${encodeURIComponent(c.itemCode)}?version=${c.itemVersion ?? ''}`
      : null,
  );
  // A 一件事 parent has no item but sub-cases, and names its bundle.
  const bundleCode = c && !c.itemCode ? (c.bundleCode ?? undefined) : undefined;
  const bundle = useApi<BundleDetail>(
    bundleCode ? `/api/catalog/bundles/${encodeURIComponent(bundleCode)}` : null,
  );
  const deptName = useDepartmentName();
  // The items' guides, to lay the merged form out as the applicant filled it in.
  const { details } = useItemDetails(bundle.data?.items.map((it) => it.code) ?? []);
  const bundleSchema = useMemo(() => {
    if (!bundle.data || !c) return undefined;
    const schema = details ? planBundle(bundle.data, details, c.applicant.kind).schema : bundle.data.form;
    // Only what was filled in: fields of items left out for this applicant were never asked for.
    const props = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([k]) => k in c.form));
    return { ...schema, properties: props };
  }, [bundle.data, details, c]);
  const { message } = App.useApp();
  const meta = useMeta();
  const action = useCaseAction(id);
  const supplyMaterial = useSupplyMaterial(id);
  useTitle(c ? `办件 ${c.caseNo}` : '办件详情');

  if (loading && !c) return <Loading rows={10} />;
  if (error || !c) return error ? <LoadError error={error} onRetry={reload} what="办件" /> : null;

  const owed = owedMaterials(c);
  const correctionIds = c.correction?.materials ?? [];
  const correctionLeft = c.materials.filter(
    (m) => correctionIds.includes(m.materialId) && m.status === 'missing',
  );
  const lastCorrection = [...c.events].reverse().find((e) => e.type === 'request-correction');

  const children = c.children ?? [];
  const isBundle = !c.itemCode && Boolean(c.children);
  const title = isBundle ? (bundle.data?.name ?? bundleCode ?? '一件事一次办') : (c.itemName ?? c.itemCode);
  const doneCount = children.filter((ch) => ['approved', 'delivered'].includes(ch.status)).length;

  const act = async (name: 'resubmit' | 'withdraw', done: string) => {
    try {
      await action.run(name === 'withdraw' ? { action: name, comment: '申请人撤回申请' } : { action: name });
      message.success(done);
    } catch (err) {
      message.error(err instanceof ApiError ? err.userMessage : '操作失败，请稍后重试');
    }
  };
  const canWithdraw = allowed(c, 'withdraw');
  const resubmit = allowed(c, 'resubmit');

  const supply = async (m: CaseMaterial, fileId: string) => {
    try {
      await supplyMaterial.mutateAsync({ materialId: m.materialId, fileId });
      message.success(`「${m.name}」已补交`);
    } catch (err) {
      message.error(err instanceof ApiError ? err.userMessage : '补交失败，请重试');
    }
  };

  const withdraw = () =>
    Modal.confirm({
      title: '确定撤回这件申请？',
      icon: <ExclamationCircleFilled />,
      content: isBundle
        ? '撤回后本一件事下所有尚未办结的事项均终止办理，如需办理须重新申请。'
        : '撤回后本办件终止办理，如需办理须重新申请。',
      okText: '确定撤回',
      okButtonProps: { danger: true },
      cancelText: '不撤回',
      onOk: () => act('withdraw', '申请已撤回'),
    });

  return (
    <div className="case-page">
      <Breadcrumb
        className="breadcrumb"
        items={[
          { title: <Link to="/">首页</Link> },
          { title: <Link to="/my/cases">我的办件</Link> },
          { title: c.caseNo },
        ]}
      />
      <section className="card case-head" aria-labelledby="case-title">
        <div className="case-head-main">
          <div>
            <h1 id="case-title" className="case-title">
              {title}
            </h1>
            <p className="case-sub">
              办件编号 <span className="mono">{c.caseNo}</span>
              <StatusTag status={c.status} label={c.statusLabel} />
              <WarningTag warning={c.warning} compact />
            </p>
          </div>
          <div className="case-head-actions">
            {canWithdraw ? (
              <Button danger onClick={withdraw} loading={action.pending === 'withdraw'}>
                撤回申请
              </Button>
            ) : null}
          </div>
        </div>
        <CaseProgress c={c} />
      </section>

      {c.status === 'correction' ? (
        <Alert
          className="mb16 owed-alert"
          type="warning"
          showIcon
          title="请补正材料（一次性告知）"
          description={
            <div>
              <p>
                需补正：
                {c.materials
                  .filter((m) => correctionIds.includes(m.materialId))
                  .map((m) => m.name)
                  .join('、')}
                {lastCorrection?.comment ? `。说明：${lastCorrection.comment}` : ''}
              </p>
              <p className="muted">
                请在下方材料列表中逐项上传，全部上传后点击「补正完毕，重新提交」。补正期间不计入办理时限。
              </p>
              {resubmit ? (
                <Button
                  type="primary"
                  className="mt8"
                  disabled={resubmit.blockedBy !== null}
                  loading={action.pending === 'resubmit'}
                  onClick={() => act('resubmit', '已重新提交，等待审核')}
                >
                  补正完毕，重新提交
                </Button>
              ) : null}
              {correctionLeft.length ? (
                <span className="muted ml8">尚有 {correctionLeft.length} 项未上传</span>
              ) : null}
            </div>
          }
        />
      ) : owed.length ? (
        <Alert
          className="mb16 owed-alert"
          type="warning"
          showIcon
          title="有材料待补交"
          description={owed
            .map((m) =>
              m.status === 'deferred'
                ? `「${m.name}」（容缺${m.owedUntil ? `，须于 ${m.owedUntil} 前补交` : meta ? `，受理后 ${meta.cases.deferredDays} 个工作日内补交` : ''}${m.overdue ? '，已逾期' : ''}）`
                : `「${m.name}」`,
            )
            .join('；')}
        />
      ) : null}

      {isBundle ? (
        <section className="card bundle-progress" aria-labelledby="bundle-progress-title">
          <div className="card-head">
            <h2 id="bundle-progress-title" className="card-title">
              各部门办理进度
            </h2>
            <span className="section-note">
              整体状态 <StatusTag status={c.status} label={c.statusLabel} /> · 共 {children.length}{' '}
              个事项，已办结 {doneCount} 个
            </span>
          </div>
          <Table<CaseView>
            className="bundle-children"
            size="small"
            bordered
            rowKey="id"
            pagination={false}
            dataSource={children}
            onRow={(ch) => ({ 'data-item': ch.itemCode }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: '序号', key: 'no', width: 54, align: 'center', render: (_, __, i) => i + 1 },
              {
                title: '事项',
                key: 'item',
                render: (_, ch) => <Link to={`/my/cases/${ch.id}`}>{ch.itemName ?? ch.itemCode}</Link>,
              },
              { title: '办理部门', key: 'dept', render: (_, ch) => deptName(ch.departmentCode) },
              {
                title: '子办件编号',
                key: 'no2',
                render: (_, ch) => <span className="mono">{ch.caseNo}</span>,
              },
              {
                title: '当前环节',
                key: 'step',
                render: (_, ch) =>
                  ch.steps
                    .filter((st) => st.status === 'open')
                    .map((st) => st.name)
                    .join('、') || '—',
              },
              {
                title: '状态',
                key: 'status',
                width: 100,
                render: (_, ch) => <StatusTag status={ch.status} label={ch.statusLabel} />,
              },
              {
                title: '办结期限',
                key: 'due',
                width: 130,
                render: (_, ch) => (
                  <>
                    <DueDate date={ch.dueDate} warning={ch.warning} status={ch.status} />{' '}
                    <WarningTag warning={ch.warning} compact />
                  </>
                ),
              },
            ]}
          />
        </section>
      ) : null}

      <div className="case-columns">
        <div className="case-main">
          <section
            className="card"
            aria-labelledby="materials-title"
            hidden={isBundle && !c.materials.length}
          >
            <h2 id="materials-title" className="card-title">
              申请材料
            </h2>
            <CaseMaterials
              c={c}
              highlight={owed.map((m) => m.materialId)}
              actionWidth={260}
              action={
                owed.length
                  ? (m) =>
                      owed.some((o) => o.materialId === m.materialId) ? (
                        <FileUpload
                          label={m.name}
                          buttonType="primary"
                          onChange={(f) => f && void supply(m, f.fileId)}
                        />
                      ) : null
                  : undefined
              }
            />
          </section>
          <section className="card" aria-labelledby="facts-title">
            <h2 id="facts-title" className="card-title">
              办件信息
            </h2>
            <CaseFacts c={c} column={2} />
          </section>
          <section className="card" aria-labelledby="form-title">
            <h2 id="form-title" className="card-title">
              申请表
            </h2>
            <FormValues schema={isBundle ? bundleSchema : item.data?.form} values={c.form} />
          </section>
        </div>
        <aside className="case-side">
          <section className="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title" className="card-title">
              办理过程
            </h2>
            <CaseTimeline c={c} />
          </section>
          <section className="card" aria-labelledby="notices-title">
            <h2 id="notices-title" className="card-title">
              文书下载
            </h2>
            <NoticeLinks c={c} />
          </section>
          <section className="card" aria-labelledby="delivery-title">
            <h2 id="delivery-title" className="card-title">
              结果送达
            </h2>
            <p>
              {DELIVERY[c.delivery.mode]?.label}
              {c.delivery.address ? `：${c.delivery.address}` : ''}
            </p>
            {c.trackingNo ? <p>快递运单号：{c.trackingNo}</p> : null}
            {c.deliveredAt ? (
              <p>送达时间：{formatInstant(c.deliveredAt)}</p>
            ) : (
              <p className="muted">{DELIVERY[c.delivery.mode]?.hint}</p>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}
