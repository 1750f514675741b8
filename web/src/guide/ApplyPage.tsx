import { Button, Result } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useTitle } from '../shared/PageState';

/** Target of 「在线办理」: online applications arrive with the case engine in the next release. */
export function ApplyPage() {
  const { code = '' } = useParams();
  useTitle('在线办理');
  const back = code.startsWith('BD-') ? `/bundles/${code}` : `/items/${code}`;
  return (
    <Result
      className="card"
      status="info"
      title="网上申报将在下一版本开放"
      subTitle="目前可查阅办事指南，按指南准备材料后到政务服务中心综合窗口办理，或拨打 12345 咨询。"
      extra={
        <Link to={back}>
          <Button type="primary">返回办事指南</Button>
        </Link>
      }
    />
  );
}
