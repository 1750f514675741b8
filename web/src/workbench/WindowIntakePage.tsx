// 窗口收件 (无差别全科受理): the clerk finds or registers the walk-in applicant, picks any item,
// fills the form and uploads the scans, and submits for them — one page, no wizard clicks.
import { IdcardOutlined, SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Form, Input, type InputRef, Result, Select, Tabs, Tag } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { applyFieldErrors } from '../auth/formErrors';
import {
  type ApplyFormValues,
  applyBody,
  DeliveryFields,
  type MaterialChoices,
  MaterialsChooser,
  materialProblems,
  RegionField,
  SubmitProblems,
  sortErrors,
} from '../cases/ApplyParts';
import { useApplicantFields } from '../cases/applicantFields';
import { deliveryModes } from '../cases/labels';
import { SchemaFields } from '../cases/SchemaForm';
import type { Created, WindowApplicant } from '../cases/types';
import { useApplyCase } from '../cases/useCaseAction';
import { ApiError, api, idempotencyKey, withQuery } from '../shared/api';
import { useAuth } from '../shared/auth';
import { itemTitle, SERVED_OBJECT } from '../shared/labels';
import { LoadError, Loading, useTitle } from '../shared/PageState';
import { useRegion } from '../shared/region';
import type { ItemDetail, SearchResult, User } from '../shared/types';
import { useApi } from '../shared/useApi';

const KIND: Record<string, string> = { person: '个人', enterprise: '法人' };

function ApplicantFinder({ onPick }: { onPick: (a: WindowApplicant) => void }) {
  const [number, setNumber] = useState('');
  const [busy, setBusy] = useState(false);
  const [found, setFound] = useState<WindowApplicant[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [registering, setRegistering] = useState(false);
  const input = useRef<InputRef>(null);
  useEffect(() => input.current?.focus(), []);

  const find = async (value: string) => {
    const n = value.trim().toUpperCase();
    if (n.length < 6) {
      setError('请输入完整的身份证号或统一社会信用代码');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await api.get<{ items: WindowApplicant[] }>('/api/window/applicants', { number: n });
      setFound(res.items);
      if (res.items.length === 1) onPick(res.items[0]!);
    } catch (err) {
      setError(err instanceof ApiError ? err.userMessage : '查询失败');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="applicant-finder">
      <Input.Search
        ref={input}
        className="finder-input"
        size="large"
        prefix={<IdcardOutlined aria-hidden />}
        placeholder="读卡或输入身份证号 / 统一社会信用代码，回车查询"
        aria-label="申请人证件号码"
        enterButton={
          <Button type="primary" icon={<SearchOutlined />} loading={busy}>
            查找
          </Button>
        }
        value={number}
        onChange={(e) => setNumber(e.target.value)}
        onSearch={find}
        maxLength={20}
      />
      {error ? <Alert className="mt8" type="error" showIcon title={error} /> : null}
      {found && !found.length ? (
        <Alert
          className="mt8"
          type="info"
          showIcon
          title="未找到该证件号码的账号"
          description="申请人尚未注册的，可现场登记（无需密码，申请人日后可自行设置）。"
          action={
            <Button size="small" icon={<UserAddOutlined />} onClick={() => setRegistering(true)}>
              现场登记
            </Button>
          }
        />
      ) : null}
      {!found?.length && !registering ? (
        <p className="mt8">
          <Button type="link" size="small" icon={<UserAddOutlined />} onClick={() => setRegistering(true)}>
            现场登记新申请人
          </Button>
        </p>
      ) : null}
      {registering ? (
        <WalkInRegistration
          number={number.trim().toUpperCase()}
          onDone={(a) => {
            setRegistering(false);
            onPick(a);
          }}
          onCancel={() => setRegistering(false)}
        />
      ) : null}
    </div>
  );
}

const REG_FIELDS = {
  person: ['name', 'idNumber', 'phone'],
  enterprise: ['name', 'uscc', 'legalRepName', 'legalRepIdNumber', 'phone'],
} as const;

function WalkInRegistration({
  number,
  onDone,
  onCancel,
}: {
  number: string;
  onDone: (a: WindowApplicant) => void;
  onCancel: () => void;
}) {
  const [kind, setKind] = useState<'person' | 'enterprise'>(
    number.length === 18 && /^\d{17}[\dX]$/.test(number) ? 'person' : 'enterprise',
  );
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const { message } = App.useApp();

  useEffect(() => {
    if (kind === 'person') form.setFieldsValue({ idNumber: number });
    else form.setFieldsValue({ uscc: number });
  }, [kind, number, form]);

  const submit = async (values: Record<string, string>) => {
    setBusy(true);
    setProblems([]);
    const body: Record<string, string> = { type: kind };
    for (const f of REG_FIELDS[kind]) body[f] = (values[f] ?? '').trim().toUpperCase();
    body.name = (values.name ?? '').trim();
    if (kind === 'enterprise') body.legalRepName = (values.legalRepName ?? '').trim();
    try {
      const res = await api.post<{ id: string; name: string; kind: 'person' | 'enterprise' }>(
        '/api/window/applicants',
        body,
        { 'Idempotency-Key': idempotencyKey() },
      );
      message.success(`已登记：${res.name}`);
      onDone({ ...res, phoneMasked: null, numberMasked: null });
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.errors.length)
        setProblems(applyFieldErrors(form, err, REG_FIELDS[kind]));
      else if (err instanceof ApiError && err.status === 409)
        setProblems([`${err.detail || '该证件号码或手机号码已登记'}，请直接按证件号码查找。`]);
      else setProblems([err instanceof ApiError ? err.userMessage : '登记失败']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="walkin card-inset">
      <Tabs
        size="small"
        activeKey={kind}
        onChange={(k) => setKind(k as 'person' | 'enterprise')}
        items={[
          { key: 'person', label: '个人' },
          { key: 'enterprise', label: '法人' },
        ]}
      />
      {problems.length ? <Alert className="mb16" type="error" showIcon title={problems.join('；')} /> : null}
      <Form form={form} layout="inline" onFinish={submit} className="walkin-form">
        <Form.Item
          name="name"
          label={kind === 'person' ? '姓名' : '单位名称'}
          rules={[{ required: true, whitespace: true, message: '必填' }]}
        >
          <Input style={{ width: kind === 'person' ? 120 : 240 }} />
        </Form.Item>
        {kind === 'person' ? (
          <Form.Item name="idNumber" label="身份证号" rules={[{ required: true, message: '必填' }]}>
            <Input style={{ width: 200 }} maxLength={18} />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="uscc" label="统一社会信用代码" rules={[{ required: true, message: '必填' }]}>
              <Input style={{ width: 200 }} maxLength={18} />
            </Form.Item>
            <Form.Item name="legalRepName" label="法定代表人" rules={[{ required: true, message: '必填' }]}>
              <Input style={{ width: 110 }} />
            </Form.Item>
            <Form.Item
              name="legalRepIdNumber"
              label="法定代表人身份证号"
              rules={[{ required: true, message: '必填' }]}
            >
              <Input style={{ width: 200 }} maxLength={18} />
            </Form.Item>
          </>
        )}
        <Form.Item name="phone" label="手机号" rules={[{ required: true, message: '必填' }]}>
          <Input style={{ width: 130 }} maxLength={11} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            登记
          </Button>
        </Form.Item>
        <Form.Item>
          <Button onClick={onCancel}>取消</Button>
        </Form.Item>
      </Form>
    </div>
  );
}

function ItemPicker({ value, onPick }: { value: string | null; onPick: (code: string) => void }) {
  const [query, setQuery] = useState('');
  const timer = useRef<number | undefined>(undefined);
  // 无差别全科受理: any item; where it is implemented in this window's area is chosen below.
  // The query cache drops answers to an outdated query, so fast typing never shows stale options.
  const found = useApi<{ results: SearchResult[] }>(
    query ? withQuery('/api/catalog/search', { q: query, limit: 15 }) : null,
    { keepPrevious: true },
  );
  const busy = found.loading;
  const options = (found.data?.results ?? []).filter((r) => r.kind === 'item');

  const search = (q: string) => {
    window.clearTimeout(timer.current);
    const next = q.trim();
    if (!next) return;
    timer.current = window.setTimeout(() => setQuery(next), 200);
  };

  return (
    <Select
      className="item-picker"
      size="large"
      showSearch={{ filterOption: false, onSearch: search }}
      value={value ?? undefined}
      onChange={(v: string) => onPick(v)}
      loading={busy}
      placeholder="输入事项名称或群众的说法，如：开饭店、食品经营许可"
      aria-label="申请事项"
      notFoundContent={busy ? '正在搜索…' : '输入关键字搜索事项'}
      options={options.map((r) => ({
        value: r.code,
        label: `${r.name}${r.subName ? `（${r.subName}）` : ''}`,
      }))}
      optionRender={(o) => (
        <span>
          {o.label} <span className="muted">{o.value}</span>
        </span>
      )}
    />
  );
}

export function WindowIntakePage() {
  useTitle('窗口收件');
  const { user } = useAuth();
  if (!user) return null;
  if (!user.roles.includes('window'))
    return <Result className="card" status="403" title="窗口收件仅向综合窗口工作人员开放" />;
  return <Intake user={user} />;
}

function Intake({ user }: { user: User }) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { all, regionName } = useRegion();
  const [applicant, setApplicant] = useState<WindowApplicant | null>(null);
  const code = params.get('item');
  const itemState = useApi<ItemDetail>(code ? `/api/catalog/items/${encodeURIComponent(code)}` : null);
  const item = itemState.data;
  const [form] = Form.useForm<ApplyFormValues>();
  // The applicant's own fields come from the applicant taken in, read-only (the server files them).
  const locked = useApplicantFields(form, {
    itemCode: item?.code,
    regionCode: Form.useWatch('regionCode', form),
    applicantId: applicant?.id,
  });
  const [choices, setChoices] = useState<MaterialChoices>({});
  const [materialErrors, setMaterialErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const applying = useApplyCase();
  const busy = applying.isPending;
  const [created, setCreated] = useState<Created | null>(null);
  const attempt = useRef<{ json: string; key: string } | null>(null);

  // The clerk's window takes cases for its own region and every region below it.
  const subtree = useMemo(() => {
    const out = new Set<string>(user.regionCode ? [user.regionCode] : []);
    let grew = true;
    while (grew) {
      grew = false;
      for (const r of all) {
        if (r.parent && out.has(r.parent) && !out.has(r.code)) {
          out.add(r.code);
          grew = true;
        }
      }
    }
    return out;
  }, [all, user.regionCode]);

  // A new item starts a clean form: the window's own region, pickup at the window.
  useEffect(() => {
    if (!item) return;
    const impls = (item.implementations ?? []).filter((i) => subtree.has(i.regionCode));
    const here = impls.find((i) => i.regionCode === user.regionCode) ?? impls[0];
    const modes = deliveryModes(item.handlingModes);
    form.resetFields();
    form.setFieldsValue({
      regionCode: here?.regionCode,
      delivery: { mode: modes.includes('window') ? 'window' : modes[0] },
    });
    setChoices({});
    setMaterialErrors({});
    setGeneral([]);
  }, [item, form, subtree, user.regionCode]);

  // The applicant's name goes into the form's name field when the clerk has not typed one.
  useEffect(() => {
    if (!item || !applicant) return;
    const props = item.form?.properties ?? {};
    const key =
      applicant.kind === 'enterprise' && 'entName' in props
        ? 'entName'
        : applicant.kind === 'person' && 'applicantName' in props
          ? 'applicantName'
          : null;
    if (key && !form.getFieldValue(['form', key])) form.setFieldValue(['form', key], applicant.name);
  }, [item, applicant, form]);

  const regionLabel = (c: string) => {
    const r = all.find((x) => x.code === c);
    return r && (r.level === 'city' || r.level === 'province') ? `${r.name}本级` : regionName(c);
  };

  const submit = async () => {
    if (!item || !applicant || busy) return;
    const problems = materialProblems(item, choices);
    setMaterialErrors(problems);
    try {
      await form.validateFields();
    } catch (err) {
      const first = (err as { errorFields?: Array<{ name: (string | number)[] }> }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: 'center', focus: true });
      return;
    }
    if (Object.keys(problems).length) {
      message.error('还有必需材料未上传');
      return;
    }
    const body = applyBody(item, form.getFieldsValue(true), choices, applicant.id);
    const json = JSON.stringify(body);
    if (attempt.current?.json !== json) attempt.current = { json, key: idempotencyKey() };
    setGeneral([]);
    try {
      setCreated(await applying.mutateAsync({ body, key: attempt.current.key }));
      window.scrollTo({ top: 0 });
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) {
        const sorted = sortErrors(err.errors, body.materials ?? []);
        form.setFields(sorted.fields);
        setMaterialErrors(sorted.materials);
        setGeneral(sorted.general);
        message.error('申请未通过校验，请按提示修改');
      } else setGeneral([err instanceof ApiError ? err.userMessage : '提交失败，请稍后重试']);
    }
  };

  const restart = () => {
    setCreated(null);
    setApplicant(null);
    attempt.current = null;
    setParams({}, { replace: true });
  };

  if (created) {
    return (
      <Result
        className="card"
        status="success"
        title="已代为提交申请"
        subTitle={
          <span>
            办件编号：
            <strong className="case-no" data-case-no={created.caseNo}>
              {created.caseNo}
            </strong>
            　申请人：{applicant?.name}
          </span>
        }
        extra={[
          <Button
            type="primary"
            key="handle"
            autoFocus
            onClick={() => navigate(`/workbench/cases/${created.id}`)}
          >
            立即受理
          </Button>,
          <Button key="again" onClick={restart}>
            继续收件
          </Button>,
          <Button key="back" onClick={() => navigate('/workbench')}>
            返回待办
          </Button>,
        ]}
      />
    );
  }

  const served = item && applicant ? item.servedObjects.includes(applicant.kind) : true;

  return (
    <div className="intake">
      <Breadcrumb
        className="breadcrumb"
        items={[{ title: <Link to="/workbench">工作台</Link> }, { title: '窗口收件' }]}
      />
      <section className="card" aria-labelledby="intake-applicant">
        <h1 id="intake-applicant" className="card-title">
          窗口收件 · ① 申请人
        </h1>
        {applicant ? (
          <div className="picked-applicant">
            <Tag color="blue">{KIND[applicant.kind]}</Tag>
            <strong>{applicant.name}</strong>
            {applicant.numberMasked ? <span className="mono">{applicant.numberMasked}</span> : null}
            {applicant.phoneMasked ? <span className="muted">手机 {applicant.phoneMasked}</span> : null}
            <Button size="small" onClick={() => setApplicant(null)}>
              更换申请人
            </Button>
          </div>
        ) : (
          <ApplicantFinder onPick={setApplicant} />
        )}
      </section>

      <section className="card" aria-labelledby="intake-item">
        <h2 id="intake-item" className="card-title">
          ② 申请事项
        </h2>
        <ItemPicker
          value={code}
          onPick={(c) => {
            const p = new URLSearchParams(params);
            p.set('item', c);
            setParams(p, { replace: true });
          }}
        />
        {item ? (
          <p className="mt8 muted">
            已选：{itemTitle(item)}（{item.code}）· 服务对象：
            {item.servedObjects.map((o) => SERVED_OBJECT[o] ?? o).join('、')} · 承诺时限：
            {item.promisedDays ? `${item.promisedDays} 个工作日` : '即办'}
          </p>
        ) : null}
        {itemState.error ? <LoadError error={itemState.error} what="事项" /> : null}
        {!served ? (
          <Alert
            className="mt8"
            type="warning"
            showIcon
            title={`本事项不面向${applicant?.kind === 'person' ? '个人' : '法人'}申请人，请核对事项或申请人。`}
          />
        ) : null}
      </section>

      {code && itemState.loading ? <Loading rows={6} /> : null}

      {item ? (
        <>
          <SubmitProblems problems={general} />
          <Form<ApplyFormValues> form={form} layout="vertical" component="div" className="apply-form">
            <section className="card" aria-labelledby="intake-form">
              <h2 id="intake-form" className="card-title">
                ③ {item.form?.title ?? '申请表'}
              </h2>
              <RegionField item={item} allowed={(r) => subtree.has(r)} regionLabel={regionLabel} />
              <SchemaFields schema={item.form} prefix={['form']} locked={locked} />
            </section>
            <section className="card" aria-labelledby="intake-materials">
              <h2 id="intake-materials" className="card-title">
                ④ 申请材料（扫描上传）
              </h2>
              <MaterialsChooser
                item={item}
                value={choices}
                onChange={(next) => {
                  setChoices(next);
                  setMaterialErrors({});
                }}
                errors={materialErrors}
                applicantName={applicant?.name ?? '申请人'}
              />
            </section>
            <section className="card" aria-labelledby="intake-delivery">
              <h2 id="intake-delivery" className="card-title">
                ⑤ 送达方式
              </h2>
              <DeliveryFields item={item} />
            </section>
          </Form>
          <div className="card apply-bar">
            <span className={applicant ? 'muted' : 'required'}>
              {applicant ? `代 ${applicant.name} 申请「${itemTitle(item)}」` : '请先在 ① 中确定申请人'}
            </span>
            <span className="apply-bar-spacer" />
            <Button
              type="primary"
              size="large"
              onClick={submit}
              loading={busy}
              disabled={!served || !applicant}
            >
              提交申请
            </Button>
          </div>
        </>
      ) : null}
    </div>
  );
}
