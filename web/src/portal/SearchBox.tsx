import { Input } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';

export const PLACEHOLDER = '搜索办事服务，如：开饭店、社保卡丢了';

// Curated phrasings people actually type; each is answered by the search engine, not hard-wired.
export const HOT_SEARCHES = [
  '开饭店',
  '社保卡丢了',
  '营业执照',
  '新生儿落户',
  '公积金提取',
  '结婚登记',
  '身份证到期换领',
  '退休',
];

export function SearchBox({ initial = '', size = 'large' }: { initial?: string; size?: 'large' | 'middle' }) {
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);
  useEffect(() => setValue(initial), [initial]);

  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is unknown to the older browsers many citizens still use
    <div role="search" className="search-box">
      <label htmlFor="portal-search" className="sr-only">
        搜索办事服务
      </label>
      <Input.Search
        id="portal-search"
        size={size}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder={PLACEHOLDER}
        enterButton="搜索"
        allowClear
        maxLength={50}
        onSearch={(q) => {
          const query = q.trim();
          if (query) navigate(`/search?q=${encodeURIComponent(query)}`);
        }}
      />
    </div>
  );
}

export function HotSearches({ label = '热门搜索：' }: { label?: string }) {
  return (
    <nav className="hot-searches" aria-label="热门搜索">
      <span className="hot-label">{label}</span>
      {HOT_SEARCHES.map((q) => (
        <Link key={q} to={`/search?q=${encodeURIComponent(q)}`}>
          {q}
        </Link>
      ))}
    </nav>
  );
}
