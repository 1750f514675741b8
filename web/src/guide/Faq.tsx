import { Collapse, Empty } from 'antd';
import { useEffect, useState } from 'react';
import type { ItemDetail } from '../shared/types';

export function Faq({ faq }: { faq: ItemDetail['faq'] }) {
  const [open, setOpen] = useState<string[]>(faq.length ? ['0'] : []);
  // A printed guide shows every answer.
  useEffect(() => {
    const all = () => setOpen(faq.map((_, i) => String(i)));
    window.addEventListener('beforeprint', all);
    return () => window.removeEventListener('beforeprint', all);
  }, [faq]);
  if (faq.length === 0) return <Empty description="暂无常见问题" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Collapse
      className="faq"
      activeKey={open}
      onChange={(keys) => setOpen(Array.isArray(keys) ? keys.map(String) : [String(keys)])}
      items={faq.map((f, i) => ({
        key: String(i),
        label: (
          <span className="faq-q">
            <span className="faq-mark">问</span>
            {f.q}
          </span>
        ),
        children: (
          <p className="faq-a">
            <span className="faq-mark faq-mark-a">答</span>
            {f.a}
          </p>
        ),
        forceRender: true,
      }))}
    />
  );
}
