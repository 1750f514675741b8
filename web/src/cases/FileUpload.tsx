import { CheckCircleFilled, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Progress, Upload } from 'antd';
import { useState } from 'react';
import { megabytes, useMeta } from '../api/meta';
import { ApiError } from '../shared/api';
import { acceptOf, fileUrl, precheck, sizeLabel, typeNames, type UploadRules, uploadFile } from './upload';

export interface PickedFile {
  fileId: string;
  name: string;
  size: number;
}

/** A link that opens an uploaded file in a new tab (PDF and images show in the browser). */
export function FileLink({ file }: { file: PickedFile }) {
  return (
    <a href={fileUrl(file.fileId)} target="_blank" rel="noreferrer" className="file-link">
      <PaperClipOutlined aria-hidden /> {file.name}
      {file.size ? <span className="muted"> （{sizeLabel(file.size)}）</span> : null}
    </a>
  );
}

/**
 * One file for one material: upload with progress, then the file as a preview link. `label` names
 * the material for screen readers (「上传：营业执照」).
 */
export function FileUpload({
  value,
  onChange,
  label,
  disabled,
  buttonType = 'default',
}: {
  value?: PickedFile;
  onChange: (file: PickedFile | undefined) => void;
  label: string;
  disabled?: boolean;
  buttonType?: 'default' | 'primary';
}) {
  const { message } = App.useApp();
  const rules = useMeta()?.uploads;
  const [progress, setProgress] = useState<{ name: string; percent: number } | null>(null);

  return (
    <div className="file-upload">
      <Upload
        accept={acceptOf(rules)}
        multiple={false}
        showUploadList={false}
        disabled={disabled || progress !== null}
        beforeUpload={(file) => {
          const problem = precheck(file, rules);
          if (problem) {
            message.error(problem);
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file, onSuccess, onError }) => {
          const f = file as File;
          setProgress({ name: f.name, percent: 0 });
          uploadFile(f, (percent) => setProgress({ name: f.name, percent }))
            .then((res) => {
              setProgress(null);
              onChange({ fileId: res.fileId, name: res.name || f.name, size: res.size });
              onSuccess?.(res);
            })
            .catch((err: unknown) => {
              setProgress(null);
              const text =
                err instanceof ApiError
                  ? err.status === 415
                    ? `「${f.name}」不是 ${typeNames(rules)} 文件`
                    : err.status === 413 && rules
                      ? `「${f.name}」超过 ${megabytes(rules.maxBytes)}`
                      : err.userMessage
                  : '上传失败，请重试';
              message.error(text);
              onError?.(err as Error);
            });
        }}
      >
        <Button
          size="small"
          type={buttonType}
          icon={<UploadOutlined aria-hidden />}
          aria-label={`${value ? '重新上传' : '上传'}：${label}`}
          disabled={disabled || progress !== null}
        >
          {value ? '重新上传' : '上传'}
        </Button>
      </Upload>
      {progress ? (
        <span className="file-progress" aria-live="polite">
          <span className="file-progress-name">{progress.name}</span>
          <Progress percent={progress.percent} size="small" status="active" />
        </span>
      ) : value ? (
        <span className="file-done">
          <CheckCircleFilled className="ok-icon" aria-hidden /> <FileLink file={value} />
        </span>
      ) : null}
    </div>
  );
}

/** 「PDF、JPG、PNG 或 OFD，每个不超过 20 MB」 from the server's rules. */
export function uploadLimits(rules: UploadRules | undefined): string {
  return rules ? `${typeNames(rules)}，每个不超过 ${megabytes(rules.maxBytes)}` : '';
}

export function useUploadLimits(): string {
  return uploadLimits(useMeta()?.uploads);
}
