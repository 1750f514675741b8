import { SendOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { Link } from 'react-router-dom';

/**
 * 「在线办理」: items that can be applied for online (网办深度三级以上) open the application; the page
 * sends visitors to log in and back. Bundles (一件事) and window-only items keep the button, disabled,
 * with the reason.
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
  const to = `/apply/${code}`;
  const reason = code.startsWith('BD-')
    ? '一件事联办网上申报将在下一版本开放'
    : online
      ? null
      : '本事项需到政务服务中心窗口办理';
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
