import { CheckCircleFilled, CloseCircleFilled, ScanOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Input, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError, api } from '../shared/api';
import { useTitle } from '../shared/PageState';
import { chineseDate, type Verification } from './types';

interface Detector {
  detect(image: ImageBitmap): Promise<{ rawValue: string }[]>;
}
type DetectorClass = new (options: { formats: string[] }) => Detector;

/** Browsers with the Barcode Detection API (Chrome on Android, Edge) read a photo of the QR code. */
const BarcodeDetector = (globalThis as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector;

/** 证照核验: anyone pastes or scans a licence's QR code and sees whether it is genuine and in force. */
export function VerifyPage() {
  useTitle('电子证照核验');
  const [params] = useSearchParams();
  const [token, setToken] = useState(params.get('t') ?? '');
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = useCallback(async (text: string) => {
    const value = text.trim();
    if (!value) {
      setError('请粘贴或扫描证照上的二维码内容');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setResult(await api.post<Verification>('/api/licences/verify', { token: value }));
    } catch (err) {
      setResult(null);
      setError(err instanceof ApiError ? err.userMessage : '核验失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    const t = params.get('t');
    if (t) {
      setToken(t);
      void check(t);
    }
  }, [params, check]);

  const scan = async (file: File) => {
    if (!BarcodeDetector) return false;
    try {
      const codes = await new BarcodeDetector({ formats: ['qr_code'] }).detect(await createImageBitmap(file));
      if (!codes[0]) setError('图片中没有识别到二维码，请换一张清晰的照片，或直接粘贴二维码内容');
      else {
        setToken(codes[0].rawValue);
        await check(codes[0].rawValue);
      }
    } catch {
      setError('无法读取该图片，请直接粘贴二维码内容');
    }
    return false;
  };

  const l = result?.licence;
  return (
    <section className="card licence-verify" aria-labelledby="verify-title">
      <div className="card-head">
        <h1 id="verify-title" className="card-title">
          电子证照核验
        </h1>
      </div>
      <p className="card-intro">
        用手机扫描证照上的二维码，或将二维码内容粘贴到下方，即可核验证照是否由发证机关签发、是否在有效期内、是否已被注销。核验无需登录。
      </p>
      <label htmlFor="licence-token" className="sr-only">
        二维码内容
      </label>
      <Input.TextArea
        id="licence-token"
        value={token}
        onChange={(e) => setToken(e.target.value)}
        autoSize={{ minRows: 3, maxRows: 6 }}
        placeholder="二维码内容，形如 eyJkIjoi….XXXX"
        className="mono"
        spellCheck={false}
      />
      <div style={{ display: 'flex', gap: 8, marginTop: 12, flexWrap: 'wrap' }}>
        <Button type="primary" loading={busy} onClick={() => void check(token)}>
          核验
        </Button>
        {BarcodeDetector ? (
          <Upload accept="image/*" showUploadList={false} beforeUpload={(f) => scan(f)}>
            <Button icon={<ScanOutlined />}>扫描二维码图片</Button>
          </Upload>
        ) : null}
      </div>
      {error ? <Alert type="warning" showIcon style={{ marginTop: 16 }} message={error} /> : null}
      {result ? (
        <div className="licence-verdict" role="status" aria-live="polite" style={{ marginTop: 20 }}>
          <Alert
            type={result.valid ? 'success' : 'error'}
            showIcon
            icon={result.valid ? <CheckCircleFilled /> : <CloseCircleFilled />}
            message={<strong>{result.valid ? '有效' : '无效'}</strong>}
            description={
              result.valid ? '证照由发证机关签发，签名完整，在有效期内，未被注销。' : result.reason
            }
          />
          {l ? (
            <Descriptions bordered size="small" column={1} style={{ marginTop: 16 }}>
              <Descriptions.Item label="证照名称">{l.name}</Descriptions.Item>
              <Descriptions.Item label="持证人">{l.holderName}</Descriptions.Item>
              <Descriptions.Item label="证件号码">{l.holderNumber || '—'}</Descriptions.Item>
              <Descriptions.Item label="发证机关">{l.issuerName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="签发日期">{chineseDate(l.issueDate)}</Descriptions.Item>
              <Descriptions.Item label="有效期至">{chineseDate(l.validUntil)}</Descriptions.Item>
              <Descriptions.Item label="证照标识">
                <span className="mono">{l.identifier}</span>
              </Descriptions.Item>
            </Descriptions>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
