import { PrinterOutlined } from '@ant-design/icons';
import { Anchor, Breadcrumb, Button, Descriptions, Empty, Table, Tag } from 'antd';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useMeta } from '../api/meta';
import { ApplyButton } from '../shared/ApplyButton';
import { DepthTag } from '../shared/ItemMeta';
import {
  daysLabel,
  HANDLING_MODE,
  itemTitle,
  LEVEL,
  ONLINE_DEPTH,
  SERVED_OBJECT,
  visitsLabel,
} from '../shared/labels';
import { LoadError, Loading, useTitle } from '../shared/PageState';
import { useRegion } from '../shared/region';
import type { ItemDetail } from '../shared/types';
import { useApi } from '../shared/useApi';
import { ReductionNote } from '../sharing/ReductionNote';
import { Faq } from './Faq';
import { FeeTable } from './FeeTable';
import { FlowChart, roleName, stepDays } from './FlowChart';
import { FormFields } from './FormFields';
import { MaterialsTable } from './MaterialsTable';
import { Places } from './Places';

const SECTIONS = [
  { key: 'basic', title: '基本信息' },
  { key: 'basis', title: '实施依据' },
  { key: 'materials', title: '申请材料' },
  { key: 'flow', title: '办理流程' },
  { key: 'fee', title: '收费标准' },
  { key: 'form', title: '申请表单' },
  { key: 'places', title: '办理地点' },
  { key: 'faq', title: '常见问题' },
  { key: 'bundles', title: '相关一件事' },
];

function Section({
  id,
  title,
  extra,
  children,
}: {
  id: string;
  title: string;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section id={id} className="card guide-section" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <h2 id={`${id}-title`} className="card-title">
          {title}
        </h2>
        {extra}
      </div>
      {children}
    </section>
  );
}

function Fact({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>
        <span className="fact-value">{value}</span>
        {hint ? <span className="fact-hint">{hint}</span> : null}
      </dd>
    </div>
  );
}

export function ItemGuidePage() {
  const { code = '' } = useParams();
  const portal = useMeta()?.portalName;
  const { region } = useRegion();
  const {
    data: item,
    error,
    loading,
    reload,
  } = useApi<ItemDetail>(`/api/catalog/items/${encodeURIComponent(code)}`);
  useTitle(item ? `${itemTitle(item)} 办事指南` : '办事指南');

  if (loading) return <Loading rows={12} />;
  if (error || !item) return error ? <LoadError error={error} onRetry={reload} what="事项" /> : null;

  const depth = ONLINE_DEPTH[item.onlineDepth];
  const steps = item.flow?.steps ?? [];
  const versionText = `第 ${item.version} 版${item.publishedAt ? ` · ${item.publishedAt} 发布` : ''}`;

  return (
    <article className="guide">
      <Breadcrumb
        className="breadcrumb no-print"
        items={[
          { title: <Link to="/">首页</Link> },
          { title: <Link to="/items">事项清单</Link> },
          { title: itemTitle(item) },
        ]}
      />

      <header className="card guide-head">
        <div className="print-only print-brand">{portal} · 办事指南</div>
        <div className="guide-head-main">
          <div>
            <h1 className="guide-title">
              {item.name}
              {item.subName ? <span className="guide-subname">（{item.subName}）</span> : null}
            </h1>
            <div className="guide-tags">
              <Tag color="blue">{item.type}</Tag>
              {item.promisedDays === 0 ? <Tag color="orange">即办件</Tag> : <Tag>承诺件</Tag>}
              {item.visitsRequired === 0 ? <Tag color="green">零跑动</Tag> : null}
              {item.onlineDepth === 4 ? <Tag color="green">全程网办</Tag> : null}
              {item.servedObjects.map((o) => (
                <Tag key={o}>{SERVED_OBJECT[o] ?? o}</Tag>
              ))}
            </div>
            <p className="guide-codes">
              <span>事项编码：{item.code}</span>
              <span>基本编码：{item.baseCode}</span>
              <span className="version-label">版本：{versionText}</span>
            </p>
          </div>
          <div className="guide-actions no-print">
            <ApplyButton code={item.code} online={item.handlingModes.includes('online')} />
            <Button size="large" icon={<PrinterOutlined />} onClick={() => window.print()}>
              打印指南
            </Button>
          </div>
        </div>
        <dl className="facts">
          <Fact
            label="法定办结时限"
            value={item.legalDays === 0 ? '即办' : item.legalDays}
            hint={item.legalDays ? '个工作日' : undefined}
          />
          <Fact
            label="承诺办结时限"
            value={item.promisedDays === 0 ? '即办件' : item.promisedDays}
            hint={item.promisedDays ? '个工作日' : '当场办结'}
          />
          <Fact
            label="到现场次数"
            value={visitsLabel(item.visitsRequired)}
            hint={`${item.visitsRequired} 次`}
          />
          <Fact
            label="网办深度"
            value={depth?.label ?? item.onlineDepth}
            hint={depth ? `${depth.short}（共四级）` : undefined}
          />
          <Fact label="收费" value={item.fee.charged ? '收费' : '不收费'} />
        </dl>
      </header>

      <div className="guide-body">
        <aside className="guide-nav no-print" aria-label="指南目录">
          <Anchor
            offsetTop={12}
            items={SECTIONS.map((s) => ({ key: s.key, href: `#${s.key}`, title: s.title }))}
            getContainer={() => window}
          />
        </aside>
        <div className="guide-content">
          <Section id="basic" title="基本信息">
            <Descriptions
              bordered
              size="small"
              column={{ xs: 1, sm: 1, md: 2 }}
              styles={{ label: { width: 130 } }}
              items={[
                { key: 'name', label: '事项名称', children: item.name },
                { key: 'sub', label: '子项名称', children: item.subName || '无' },
                { key: 'code', label: '事项编码', children: item.code },
                { key: 'type', label: '事项类型', children: item.type },
                {
                  key: 'dept',
                  label: '实施主体',
                  children: `${item.departmentKind}部门（各级以办理地点为准）`,
                },
                {
                  key: 'levels',
                  label: '行使层级',
                  children: item.levels.map((l) => LEVEL[l] ?? l).join('、'),
                },
                {
                  key: 'obj',
                  label: '服务对象',
                  children: item.servedObjects.map((o) => SERVED_OBJECT[o] ?? o).join('、'),
                },
                { key: 'themes', label: '主题分类', children: item.themes.join('、') || '—' },
                { key: 'legal', label: '法定办结时限', children: daysLabel(item.legalDays) },
                {
                  key: 'promised',
                  label: '承诺办结时限',
                  children: item.promisedDays === 0 ? '即办（当场办结）' : daysLabel(item.promisedDays),
                },
                { key: 'kind', label: '办件类型', children: item.promisedDays === 0 ? '即办件' : '承诺件' },
                {
                  key: 'visits',
                  label: '到现场次数',
                  children: `${item.visitsRequired} 次（${visitsLabel(item.visitsRequired)}）`,
                },
                {
                  key: 'depth',
                  label: '网办深度',
                  children: (
                    <span>
                      <DepthTag depth={item.onlineDepth} /> {depth?.short}
                    </span>
                  ),
                },
                {
                  key: 'modes',
                  label: '办理方式',
                  children: item.handlingModes.map((m) => HANDLING_MODE[m] ?? m).join('、'),
                },
                { key: 'fee', label: '是否收费', children: item.fee.charged ? '收费' : '不收费' },
                {
                  key: 'result',
                  label: '审批结果',
                  children:
                    item.resultLicenceName ?? (item.resultLicence ? item.resultLicence : '不颁发证照'),
                },
                { key: 'version', label: '指南版本', children: versionText, span: 'filled' },
              ]}
            />
          </Section>

          <Section id="basis" title="实施依据">
            {item.basis.length ? (
              <ol className="basis-list">
                {item.basis.map((b) => (
                  <li key={`${b.law}${b.article ?? ''}`}>
                    {b.law}
                    {b.article ? <span className="basis-article"> {b.article}</span> : null}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="muted">暂无</p>
            )}
          </Section>

          <Section
            id="materials"
            title="申请材料"
            extra={
              <span className="section-note">
                共 {item.materials.length} 项，其中必需 {item.materials.filter((m) => m.required).length} 项
                <ReductionNote item={item} />
              </span>
            }
          >
            <MaterialsTable materials={item.materials} />
          </Section>

          <Section id="flow" title="办理流程">
            {steps.length ? (
              <>
                <FlowChart steps={steps} title={`${itemTitle(item)} 办理流程图`} />
                <Table
                  className="flow-table"
                  size="small"
                  bordered
                  pagination={false}
                  rowKey="id"
                  dataSource={steps}
                  columns={[
                    { title: '序号', key: 'no', width: 54, align: 'center', render: (_, __, i) => i + 1 },
                    { title: '办理环节', dataIndex: 'name' },
                    { title: '办理岗位', dataIndex: 'role', width: 130, render: (r: string) => roleName(r) },
                    { title: '办理时限', dataIndex: 'days', width: 130, render: (d: number) => stepDays(d) },
                    {
                      title: '说明',
                      key: 'pg',
                      width: 160,
                      render: (_, s) => (s.parallelGroup ? <Tag color="purple">并联办理</Tag> : '—'),
                    },
                  ]}
                />
              </>
            ) : (
              <Empty description="暂无流程信息" image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Section>

          <Section id="fee" title="收费标准">
            <FeeTable fee={item.fee} />
          </Section>

          <Section
            id="form"
            title="申请表单"
            extra={item.form?.title ? <span className="section-note">{item.form.title}</span> : null}
          >
            <FormFields schema={item.form} />
          </Section>

          <Section id="places" title="办理地点">
            <Places implementations={item.implementations ?? []} current={region.code} />
          </Section>

          <Section id="faq" title="常见问题">
            <Faq faq={item.faq ?? []} />
          </Section>

          <Section id="bundles" title="相关一件事">
            {item.bundles?.length ? (
              <ul className="link-list">
                {item.bundles.map((b) => (
                  <li key={b.code}>
                    <Tag color="red" className="tag-yjs">
                      一件事
                    </Tag>
                    <Link to={`/bundles/${b.code}`}>{b.name}</Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">本事项暂未纳入“一件事一次办”。</p>
            )}
          </Section>
          <p className="print-only print-footer">
            本指南打印自{portal}（{window.location.origin}/items/{item.code}），{versionText}。
          </p>
        </div>
      </div>
    </article>
  );
}
