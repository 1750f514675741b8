import { SendOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { Link } from 'react-router-dom';

/** Online applications open with the case engine; until then the button stays, disabled, on its target. */
export const ONLINE_APPLY_OPEN = false;
const NOT_YET = '网上申报将在下一版本开放';

export function ApplyButton({ code, label = '在线办理' }: { code: string; label?: string }) {
  const to = `/apply/${code}`;
  if (ONLINE_APPLY_OPEN) {
    return (
      <Link to={to}>
        <Button type="primary" size="large" icon={<SendOutlined />}>
          {label}
        </Button>
      </Link>
    );
  }
  const noteId = `apply-note-${code}`;
  return (
    <Tooltip title={NOT_YET}>
      <span className="apply-wrap" data-href={to}>
        <Button type="primary" size="large" icon={<SendOutlined />} disabled aria-describedby={noteId}>
          {label}
        </Button>
        <span id={noteId} className="sr-only">
          {NOT_YET}
        </span>
      </span>
    </Tooltip>
  );
}
