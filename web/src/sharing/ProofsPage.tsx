import { Table, Tag } from 'antd';
import { LoadError, useTitle } from '../shared/PageState';
import { useApi } from '../shared/useApi';

interface Proof {
  code: string;
  name: string;
  issuer: string;
  basis: string;
  replacement: 'commitment' | 'data-sharing' | 'none';
}

const REPLACEMENT: Record<Proof['replacement'], { label: string; color: string; hint: string }> = {
  'data-sharing': { label: '数据共享', color: 'green', hint: '部门间核验，申请人无需提交' },
  commitment: { label: '告知承诺', color: 'purple', hint: '申请人书面承诺，部门事后核查' },
  none: { label: '仍需提交', color: 'default', hint: '暂不能替代' },
};

/** 保留证明事项清单: the proofs still required by law, and how each may be replaced. */
export function ProofsPage() {
  useTitle('保留证明事项清单');
  const { data, error, loading, reload } = useApi<{ items: Proof[] }>('/api/catalog/proofs');
  const items = data?.items ?? [];
  const replaceable = items.filter((p) => p.replacement !== 'none').length;
  return (
    <section className="card" aria-labelledby="proofs-title">
      <div className="card-head">
        <h1 id="proofs-title" className="card-title">
          保留证明事项清单{' '}
          {data ? (
            <span className="result-count">
              共 {items.length} 项，其中 {replaceable} 项可通过告知承诺或数据共享免于提交
            </span>
          ) : null}
        </h1>
      </div>
      <p className="muted">
        依据《国务院办公厅关于全面推行证明事项告知承诺制的指导意见》（国办发〔2020〕42号），清单之外不得索要证明；清单内的证明，
        标明「告知承诺」的可签署承诺书代替，标明「数据共享」的由部门通过共享核验，无需申请人提交。
      </p>
      {error ? (
        <LoadError error={error} onRetry={reload} what="清单" />
      ) : (
        <Table<Proof>
          size="small"
          bordered
          rowKey="code"
          loading={loading}
          dataSource={items}
          pagination={false}
          columns={[
            { title: '序号', key: 'no', width: 54, align: 'center', render: (_, __, i) => i + 1 },
            { title: '证明名称', dataIndex: 'name', width: 220 },
            { title: '开具单位', dataIndex: 'issuer', width: 220 },
            { title: '设定依据', dataIndex: 'basis' },
            {
              title: '替代方式',
              dataIndex: 'replacement',
              width: 150,
              render: (r: Proof['replacement']) => {
                const x = REPLACEMENT[r] ?? REPLACEMENT.none;
                return (
                  <span>
                    <Tag color={x.color}>{x.label}</Tag>
                    <span className="muted" style={{ display: 'block', fontSize: 12 }}>
                      {x.hint}
                    </span>
                  </span>
                );
              },
            },
          ]}
        />
      )}
    </section>
  );
}
