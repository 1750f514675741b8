import { ExclamationCircleFilled } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Modal } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api } from '../shared/api';
import { formatInstant } from '../shared/format';
import { LoadError, Loading, useTitle } from '../shared/PageState';
import type { ItemDetail } from '../shared/types';
import { useApi } from '../shared/useApi';
import {
  CaseFacts,
  CaseMaterials,
  CaseProgress,
  CaseTimeline,
  NoticeLinks,
  owedMaterials,
  StatusTag,
  WarningTag,
} from './CaseParts';
import { FileUpload } from './FileUpload';
import { DELIVERY, WITHDRAWABLE } from './labels';
import { FormValues } from './SchemaForm';
import type { CaseMaterial, CaseView } from './types';

export function MyCasePage() {
  const { id = '' } = useParams();
  const { data: c, error, loading, reload } = useApi<CaseView>(`/api/cases/${encodeURIComponent(id)}`);
  const item = useApi<ItemDetail>(
    c?.itemCode
      ? `/api/catalog/items/${encodeURIComponent(c.itemCode)}?version=${c.itemVersion ?? ''}`
      : null,
  );
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  useTitle(c ? `办件 ${c.caseNo}` : '办件详情');

  if (loading && !c) return <Loading rows={10} />;
  if (error || !c) return error ? <LoadError error={error} onRetry={reload} what="办件" /> : null;

  const owed = owedMaterials(c);
  const correctionIds = c.correction?.materials ?? [];
  const correctionLeft = c.materials.filter(
    (m) => correctionIds.includes(m.materialId) && m.status === 'missing',
  );
  const lastCorrection = [...c.events].reverse().find((e) => e.type === 'request-correction');

  const act = async (action: 'resubmit' | 'withdraw', done: string) => {
    setBusy(action);
    try {
      await api.post(`/api/cases/${c.id}/actions`, { action });
      message.success(done);
      reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.userMessage : '操作失败，请稍后重试');
    } finally {
      setBusy(null);
    }
  };

  const supply = async (m: CaseMaterial, fileId: string) => {
    try {
      await api.post(`/api/cases/${c.id}/materials`, { materialId: m.materialId, fileId });
      message.success(`「${m.name}」已补交`);
      reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.userMessage : '补交失败，请重试');
    }
  };

  const withdraw = () =>
    Modal.confirm({
      title: '确定撤回这件申请？',
      icon: <ExclamationCircleFilled />,
      content: '撤回后本办件终止办理，如需办理须重新申请。',
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
              {c.itemName ?? c.itemCode}
            </h1>
            <p className="case-sub">
              办件编号 <span className="mono">{c.caseNo}</span>
              <StatusTag status={c.status} />
              <WarningTag warning={c.warning} compact />
            </p>
          </div>
          <div className="case-head-actions">
            {WITHDRAWABLE.includes(c.status) ? (
              <Button danger onClick={withdraw} loading={busy === 'withdraw'}>
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
              <Button
                type="primary"
                className="mt8"
                disabled={correctionLeft.length > 0}
                loading={busy === 'resubmit'}
                onClick={() => act('resubmit', '已重新提交，等待审核')}
              >
                补正完毕，重新提交
              </Button>
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
                ? `「${m.name}」（容缺${m.owedUntil ? `，须于 ${m.owedUntil} 前补交` : '，受理后 5 个工作日内补交'}${m.overdue ? '，已逾期' : ''}）`
                : `「${m.name}」`,
            )
            .join('；')}
        />
      ) : null}

      <div className="case-columns">
        <div className="case-main">
          <section className="card" aria-labelledby="materials-title">
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
            <FormValues schema={item.data?.form} values={c.form} />
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
