import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Descriptions, Empty, List, Tag } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { LoadError, Loading, useTitle } from '../shared/PageState';
import { useApi } from '../shared/useApi';
import { chineseDate, type Licence, licenceState, todayInBeijing } from './types';

const pdfUrl = (id: string) => `/api/licences/${encodeURIComponent(id)}/pdf`;

/** 我的证照: the signed-in person's or enterprise's e-licences. */
export function WalletPage() {
  useTitle('我的证照');
  const { data, error, loading, reload } = useApi<{ items: Licence[] }>('/api/licences?mine=1');
  const today = todayInBeijing();
  return (
    <section className="card" aria-labelledby="wallet-title">
      <div className="card-head">
        <h1 id="wallet-title" className="card-title">
          我的证照 {data ? <span className="result-count">共 {data.items.length} 个</span> : null}
        </h1>
      </div>
      <p className="card-intro">
        发证机关签发的电子证照与纸质证照具有同等效力；办事时需要的证照可由系统直接调用，无需再提交。
      </p>
      {error ? (
        <LoadError error={error} onRetry={reload} what="证照" />
      ) : (
        <List<Licence>
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{
            emptyText: <Empty description="暂无电子证照。办件办结后，发证机关签发的证照会出现在这里。" />,
          }}
          renderItem={(l) => {
            const state = licenceState(l, today);
            return (
              <List.Item
                actions={[
                  <Link key="view" to={`/my/licences/${l.id}`}>
                    查看
                  </Link>,
                  <a key="pdf" href={pdfUrl(l.id)} target="_blank" rel="noreferrer">
                    下载 PDF
                  </a>,
                ]}
              >
                <List.Item.Meta
                  avatar={
                    <SafetyCertificateOutlined style={{ fontSize: 28, color: '#c8161d' }} aria-hidden />
                  }
                  title={
                    <Link to={`/my/licences/${l.id}`}>
                      {l.name} <Tag color={state.color}>{state.label}</Tag>
                    </Link>
                  }
                  description={`编号 ${l.licenceNo}　${l.issuerName}　有效期至 ${chineseDate(l.validUntil)}`}
                />
              </List.Item>
            );
          }}
        />
      )}
    </section>
  );
}

/** One licence: its fields, its QR code (亮证) and the PDF. */
export function LicenceDetailPage() {
  const { id = '' } = useParams();
  const { data: l, error, loading, reload } = useApi<Licence>(`/api/licences/${encodeURIComponent(id)}`);
  const [qr, setQr] = useState<string>();
  const { message } = App.useApp();
  useTitle(l ? l.name : '证照详情');

  useEffect(() => {
    if (!l) return;
    let live = true;
    QRCode.toDataURL(l.token, { errorCorrectionLevel: 'M', margin: 2, width: 220 })
      .then((url) => live && setQr(url))
      .catch(() => live && setQr(undefined));
    return () => {
      live = false;
    };
  }, [l]);

  if (loading && !l) return <Loading rows={8} />;
  if (error || !l) return error ? <LoadError error={error} onRetry={reload} what="证照" /> : null;
  const state = licenceState(l, todayInBeijing());

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(l.token);
      message.success('已复制二维码内容，可粘贴到证照核验页核验');
    } catch {
      message.error('复制失败，请手动选择二维码内容');
    }
  };

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[{ title: <Link to="/my/licences">我的证照</Link> }, { title: l.name }]}
      />
      <section className="card" aria-labelledby="licence-title">
        <div className="card-head">
          <h1 id="licence-title" className="card-title">
            {l.name} <Tag color={state.color}>{state.label}</Tag>
          </h1>
          <Button type="primary" icon={<DownloadOutlined />} href={pdfUrl(l.id)} target="_blank">
            下载 PDF
          </Button>
        </div>
        {l.status === 'revoked' ? (
          <Alert
            type={l.supersededBy ? 'info' : 'error'}
            showIcon
            style={{ marginBottom: 16 }}
            message={l.supersededBy ? '本版本已换发，请使用新版本证照' : '该证照已被发证机关注销'}
            description={l.revokeReason ?? undefined}
          />
        ) : null}
        <div style={{ display: 'flex', gap: 24, flexWrap: 'wrap', alignItems: 'flex-start' }}>
          <Descriptions bordered size="small" column={1} style={{ flex: '1 1 420px' }}>
            <Descriptions.Item label="证照编号">{l.licenceNo}</Descriptions.Item>
            {l.fields.map((f) => (
              <Descriptions.Item key={f.key} label={f.label}>
                {f.value || '—'}
              </Descriptions.Item>
            ))}
            {l.fields.some((f) => f.key === 'validUntil' || f.key === 'validPeriod') ? null : (
              <Descriptions.Item label="有效期限">
                {chineseDate(l.validFrom)}至{chineseDate(l.validUntil)}
              </Descriptions.Item>
            )}
            {l.fields.some((f) => f.value === l.issuerName) ? null : (
              <Descriptions.Item label="发证机关">{l.issuerName}</Descriptions.Item>
            )}
            {l.caseNo ? <Descriptions.Item label="办件编号">{l.caseNo}</Descriptions.Item> : null}
            <Descriptions.Item label="证照标识">
              <span className="mono">{l.identifier}</span>
            </Descriptions.Item>
          </Descriptions>
          <figure style={{ margin: 0, textAlign: 'center' }}>
            {qr ? <img src={qr} width={220} height={220} alt={`${l.name}的核验二维码`} /> : null}
            <figcaption className="muted" style={{ marginTop: 8 }}>
              出示二维码供核验（亮证）
              <br />
              <Button size="small" type="link" onClick={() => void copy()}>
                复制二维码内容
              </Button>
            </figcaption>
          </figure>
        </div>
      </section>
    </>
  );
}
