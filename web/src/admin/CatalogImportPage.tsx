import { InboxOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Input, Result, Space, Statistic, Table, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, api, type FieldError, idempotencyKey } from '../shared/api';
import { IMPORT_STATUS } from '../shared/labels';
import { useTitle } from '../shared/PageState';
import type { ImportResult } from '../shared/types';
import { useInvalidate } from '../shared/useApi';

interface Parsed {
  text: string;
  fileName: string;
  doc: Record<string, unknown>;
}

function count(doc: Record<string, unknown>, key: string): number {
  const v = doc[key];
  return Array.isArray(v) ? v.length : 0;
}

function parse(text: string, fileName: string): Parsed | string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return `不是有效的 JSON：${(err as Error).message}`;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return '目录文件应是一个 JSON 对象';
  return { text, fileName, doc: doc as Record<string, unknown> };
}

export function CatalogImportPage() {
  useTitle('事项目录导入');
  const [parsed, setParsed] = useState<Parsed>();
  const [parseError, setParseError] = useState<string>();
  const [paste, setPaste] = useState('');
  const invalidate = useInvalidate();
  const importing = useMutation({
    // The document goes as it was read: the importer must see the provincial file unchanged.
    mutationFn: (text: string) =>
      api.post<ImportResult>('/api/admin/catalog/imports', text, { 'Idempotency-Key': idempotencyKey() }),
    // A new catalog changes every guide, list and count.
    onSuccess: () => invalidate('/api/catalog', '/api/admin/catalog/imports'),
  });
  const busy = importing.isPending;
  const [result, setResult] = useState<ImportResult>();
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>();
  const [failure, setFailure] = useState<string>();

  const load = (text: string, fileName: string) => {
    setResult(undefined);
    setFieldErrors(undefined);
    setFailure(undefined);
    const p = parse(text, fileName);
    if (typeof p === 'string') {
      setParsed(undefined);
      setParseError(p);
    } else {
      setParsed(p);
      setParseError(undefined);
    }
  };

  const submit = async () => {
    if (!parsed || busy) return;
    setResult(undefined);
    setFieldErrors(undefined);
    setFailure(undefined);
    try {
      setResult(await importing.mutateAsync(parsed.text));
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) setFieldErrors(err.errors);
      else setFailure(err instanceof ApiError ? err.userMessage : String(err));
    }
  };

  const doc = parsed?.doc;
  const issuer = doc?.issuer as { name?: string } | undefined;

  return (
    <section className="card" aria-labelledby="import-title">
      <div className="card-head">
        <h1 id="import-title" className="card-title">
          事项目录导入
        </h1>
        <Link to="/admin/imports">查看导入记录</Link>
      </div>
      <p className="card-intro">
        导入省级发布的标准目录文件（catalog/v1）。目录校验不通过时不会改动任何数据；发布日期更新的目录会为有变化的事项生成新版本，已受理的办件仍按原版本办理。
      </p>

      <Upload.Dragger
        accept=".json,application/json"
        multiple={false}
        showUploadList={false}
        beforeUpload={(file) => {
          void file.text().then((t) => load(t, file.name));
          return Upload.LIST_IGNORE;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">点击选择或将目录文件拖到此处</p>
        <p className="ant-upload-hint">支持 .json 文件（catalog/v1 格式）</p>
      </Upload.Dragger>

      <details className="paste-box">
        <summary>或粘贴目录 JSON 内容</summary>
        <label htmlFor="catalog-paste" className="sr-only">
          目录 JSON 内容
        </label>
        <Input.TextArea
          id="catalog-paste"
          rows={8}
          value={paste}
          onChange={(e) => setPaste(e.target.value)}
          placeholder='{"format": "catalog/v1", "publishedAt": "…", …}'
          className="mono"
        />
        <Button className="mt8" onClick={() => load(paste, '粘贴内容')} disabled={!paste.trim()}>
          读取粘贴内容
        </Button>
      </details>

      {parseError ? (
        <Alert type="error" showIcon title="无法读取目录文件" description={parseError} className="mt16" />
      ) : null}

      {doc ? (
        <div className="mt16">
          <Descriptions
            bordered
            size="small"
            title={`待导入：${parsed?.fileName}`}
            column={{ xs: 1, md: 3 }}
            items={[
              { key: 'format', label: '格式', children: String(doc.format ?? '—') },
              { key: 'pub', label: '发布日期', children: String(doc.publishedAt ?? '—') },
              { key: 'issuer', label: '发布单位', children: issuer?.name ?? '—' },
              { key: 'items', label: '事项', children: `${count(doc, 'items')} 项` },
              { key: 'bundles', label: '一件事', children: `${count(doc, 'bundles')} 项` },
              {
                key: 'regions',
                label: '区划 / 部门',
                children: `${count(doc, 'regions')} / ${count(doc, 'departments')}`,
              },
              { key: 'lic', label: '证照类型', children: `${count(doc, 'licenceTypes')} 类` },
              { key: 'dr', label: '共享数据资源', children: `${count(doc, 'dataResources')} 项` },
              { key: 'pf', label: '证明事项', children: `${count(doc, 'proofs')} 项` },
            ]}
          />
          {doc.format !== 'catalog/v1' ? (
            <Alert type="warning" showIcon className="mt8" title="格式标识不是 catalog/v1，导入可能被拒绝" />
          ) : null}
          <Space className="mt16">
            <Button type="primary" onClick={submit} loading={busy}>
              导入并发布
            </Button>
            <Button onClick={() => load('', '')} disabled={busy}>
              清除
            </Button>
          </Space>
        </div>
      ) : null}

      {failure ? (
        <Alert type="error" showIcon title="导入失败" description={failure} className="mt16" />
      ) : null}

      {result ? (
        <Result
          className="mt16 import-result"
          status="success"
          title={result.status === 'noop' ? '目录无变化，未生成新版本' : '目录已导入并发布'}
          subTitle={`批次 ${result.id} · 目录发布日期 ${result.publishedAt} · ${IMPORT_STATUS[result.status] ?? result.status}`}
          extra={
            <div className="stat-row">
              <Statistic title="新增事项" value={result.itemsCreated} />
              <Statistic title="更新事项（新版本）" value={result.itemsUpdated} />
              <Statistic title="未变化事项" value={result.itemsUnchanged} />
              {result.itemsWithdrawn ? <Statistic title="已撤销事项" value={result.itemsWithdrawn} /> : null}
            </div>
          }
        />
      ) : null}

      {fieldErrors ? (
        <div className="mt16">
          <Alert
            type="error"
            showIcon
            title={`目录校验未通过，共 ${fieldErrors.length} 处问题`}
            description="本次导入未生效，已有数据未作任何改动。请修正后重新导入。"
          />
          <Table<FieldError & { n: number }>
            className="mt8"
            size="small"
            bordered
            rowKey="n"
            dataSource={fieldErrors.map((e, n) => ({ ...e, n }))}
            pagination={fieldErrors.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            columns={[
              { title: '序号', dataIndex: 'n', width: 60, align: 'center', render: (n: number) => n + 1 },
              {
                title: '字段',
                dataIndex: 'field',
                width: '40%',
                render: (f: string) => <code className="mono">{f}</code>,
              },
              { title: '问题', dataIndex: 'message' },
            ]}
          />
        </div>
      ) : null}
    </section>
  );
}
