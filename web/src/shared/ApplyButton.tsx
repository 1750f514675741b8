import { SendOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { Link } from 'react-router-dom';

/**
 * 「在线办理」: items that can be applied for online (网办深度三级以上) open the application, bundles
 * (一件事) the one-form application; the page sends visitors to log in and back. Window-only items
 * keep the button, disabled, with the reason.
 */
export function ApplyButton({
  code,
  label = '在线办理',
  online = true,
}: {
  code: string;
  label?: string;
  online?: boolean;
}) {
  const bundle = code.startsWith('BD-');
  const to = bundle ? `/apply-bundle/${code}` : `/apply/${code}`;
  const reason = bundle || online ? null : '本事项需到政务服务中心窗口办理';
  if (!reason) {
    return (
      <Link to={to} className="apply-link">
        <Button type="primary" size="large" icon={<SendOutlined />} tabIndex={-1}>
          {label}
        </Button>
      </Link>
    );
  }
  const noteId = `apply-note-${code}`;
  return (
    <Tooltip title={reason}>
      <span className="apply-wrap" data-href={to}>
        <Button type="primary" size="large" icon={<SendOutlined />} disabled aria-describedby={noteId}>
          {label}
        </Button>
        <span id={noteId} className="sr-only">
          {reason}
        </span>
      </span>
    </Tooltip>
  );
}
