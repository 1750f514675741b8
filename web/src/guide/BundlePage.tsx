import { Breadcrumb, Table, Tag } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { ApplyButton } from '../shared/ApplyButton';
import { daysLabel, itemTitle, SERVED_OBJECT } from '../shared/labels';
import { LoadError, Loading, useTitle } from '../shared/PageState';
import type { BundleDetail, BundleMaterial } from '../shared/types';
import { useApi } from '../shared/useApi';
import { FormFields } from './FormFields';

type BundleItem = BundleDetail['items'][number];

export function BundlePage() {
  const { code = '' } = useParams();
  const { data, error, loading, reload } = useApi<BundleDetail>(
    `/api/catalog/bundles/${encodeURIComponent(code)}`,
  );
  useTitle(data?.name ?? '一件事一次办');
  if (loading) return <Loading rows={10} />;
  if (error || !data) return error ? <LoadError error={error} onRetry={reload} what="一件事" /> : null;

  const itemName = new Map(data.items.map((it) => [it.code, itemTitle(it)]));
  const separateDays = data.items.reduce((sum, it) => sum + it.promisedDays, 0);

  return (
    <article className="guide">
      <Breadcrumb
        className="breadcrumb no-print"
        items={[
          { title: <Link to="/">首页</Link> },
          { title: <Link to="/bundles">一件事一次办</Link> },
          { title: data.name },
        ]}
      />
      <header className="card guide-head">
        <div className="guide-head-main">
          <div>
            <h1 className="guide-title">
              <Tag color="red" className="tag-yjs tag-lg">
                一件事
              </Tag>
              {data.name}
            </h1>
            <div className="guide-tags">
              {data.servedObjects.map((o) => (
                <Tag key={o}>{SERVED_OBJECT[o] ?? o}</Tag>
              ))}
            </div>
            <p className="guide-codes">
              <span>编码：{data.code}</span>
            </p>
          </div>
          <div className="guide-actions no-print">
            <ApplyButton code={data.code} label="一件事一次办 · 在线申请" />
          </div>
        </div>
        <dl className="facts">
          <div className="fact">
            <dt>承诺办结时限</dt>
            <dd>
              <span className="fact-value">{daysLabel(data.promisedDays)}</span>
              {separateDays > data.promisedDays ? (
                <span className="fact-hint">分别办理合计 {separateDays} 个工作日</span>
              ) : null}
            </dd>
          </div>
          <div className="fact">
            <dt>涉及事项</dt>
            <dd>
              <span className="fact-value">{data.items.length} 项</span>
            </dd>
          </div>
          <div className="fact">
            <dt>申请材料</dt>
            <dd>
              <span className="fact-value">{data.materials.length} 份</span>
              <span className="fact-hint">多个事项共用的材料只交一次</span>
            </dd>
          </div>
          <div className="fact">
            <dt>申请表</dt>
            <dd>
              <span className="fact-value">1 张</span>
              <span className="fact-hint">一表申请</span>
            </dd>
          </div>
        </dl>
      </header>

      <section className="card" aria-labelledby="bundle-items-title">
        <h2 id="bundle-items-title" className="card-title">
          包含事项
        </h2>
        <Table<BundleItem>
          size="small"
          bordered
          rowKey="code"
          pagination={false}
          dataSource={data.items}
          columns={[
            { title: '序号', key: 'no', width: 54, align: 'center', render: (_, __, i) => i + 1 },
            {
              title: '事项名称',
              key: 'name',
              render: (_, it) => <Link to={`/items/${it.code}`}>{itemTitle(it)}</Link>,
            },
            { title: '办理部门', dataIndex: 'departmentKind', width: 140, render: (k: string) => `${k}部门` },
            {
              title: '单独办理承诺时限',
              dataIndex: 'promisedDays',
              width: 150,
              render: (d: number) => daysLabel(d),
            },
            { title: '事项编码', dataIndex: 'code', width: 160 },
          ]}
        />
      </section>

      <section className="card" aria-labelledby="bundle-materials-title">
        <div className="card-head">
          <h2 id="bundle-materials-title" className="card-title">
            申请材料（合并后）
          </h2>
          <span className="section-note">同一份材料多个事项都需要时只提交一次</span>
        </div>
        <Table<BundleMaterial>
          className="materials-table"
          size="small"
          bordered
          rowKey="id"
          pagination={false}
          dataSource={data.materials}
          columns={[
            { title: '序号', key: 'no', width: 54, align: 'center', render: (_, __, i) => i + 1 },
            { title: '材料名称', dataIndex: 'name' },
            {
              title: '是否必需',
              dataIndex: 'required',
              width: 90,
              align: 'center',
              render: (r: boolean) =>
                r ? <span className="required">必需</span> : <span className="muted">非必需</span>,
            },
            {
              title: '用于事项',
              dataIndex: 'items',
              render: (codes: string[]) => (
                <span className="material-items">
                  {codes.map((c) => (
                    <Link key={c} to={`/items/${c}`}>
                      <Tag>{itemName.get(c) ?? c}</Tag>
                    </Link>
                  ))}
                </span>
              ),
            },
          ]}
        />
      </section>

      <section className="card" aria-labelledby="bundle-form-title">
        <div className="card-head">
          <h2 id="bundle-form-title" className="card-title">
            一表申请：填写项
          </h2>
          <span className="section-note">各事项共同需要的信息只填一次</span>
        </div>
        <FormFields schema={data.form} />
      </section>
    </article>
  );
}
