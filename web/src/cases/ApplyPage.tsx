import { SaveOutlined } from '@ant-design/icons';
import { App, Breadcrumb, Button, Form, Result, Steps } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, api, idempotencyKey, request } from '../shared/api';
import { useAuth } from '../shared/auth';
import { itemTitle, SERVED_OBJECT } from '../shared/labels';
import { LoadError, Loading, useTitle } from '../shared/PageState';
import { useRegion } from '../shared/region';
import type { ItemDetail, User } from '../shared/types';
import { useApi } from '../shared/useApi';
import {
  type ApplyFormValues,
  ApplyNotice,
  ApplySummary,
  applyBody,
  DeliveryFields,
  implementationsOf,
  type MaterialChoices,
  MaterialsChooser,
  materialProblems,
  RegionField,
  SubmitProblems,
  sortErrors,
} from './ApplyParts';
import { useApplicantFields } from './applicantFields';
import { useUploadLimits } from './FileUpload';
import { deliveryModes } from './labels';
import { fieldPaths, SchemaFields } from './SchemaForm';
import type { Created, Draft } from './types';
import { useApplyCase } from './useCaseAction';

const STEPS = [
  { title: '选择区划', content: '阅读办事告知' },
  { title: '填写申请表' },
  { title: '提交材料' },
  { title: '确认提交', content: '选择送达方式' },
];

interface DraftData {
  itemName?: string;
  step?: number;
  values?: ApplyFormValues;
  materials?: MaterialChoices;
}

/** Target of 「在线办理」: applicants apply here; visitors log in first and come back. */
export function ApplyPage() {
  const { code = '' } = useParams();
  const { user } = useAuth();
  const location = useLocation();
  useTitle('在线办理');

  if (code.startsWith('BD-')) return <Navigate to={`/apply-bundle/${code}`} replace />;
  if (user === undefined) return <Loading />;
  if (user === null) {
    return (
      <Navigate to={`/login?redirect=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  }
  if (user.kind === 'staff') {
    return (
      <Result
        className="card"
        status="info"
        title="工作人员请通过窗口收件代为申请"
        subTitle="在线办理面向个人和法人用户。综合窗口工作人员可在工作台「窗口收件」中为申请人提交。"
        extra={
          user.roles.includes('window') ? (
            <Link to={`/workbench/intake?item=${encodeURIComponent(code)}`}>
              <Button type="primary">去窗口收件</Button>
            </Link>
          ) : (
            <Link to={`/items/${code}`}>
              <Button>返回办事指南</Button>
            </Link>
          )
        }
      />
    );
  }
  return <ApplyWizard code={code} user={user} />;
}

function ApplyWizard({ code, user }: { code: string; user: User }) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { region, regionName } = useRegion();
  const draftParam = params.get('draft');
  const itemState = useApi<ItemDetail>(`/api/catalog/items/${encodeURIComponent(code)}`);
  const draftState = useApi<{ items: Draft[] }>(draftParam ? '/api/cases/drafts' : null);
  const item = itemState.data;
  useTitle(item ? `在线办理：${itemTitle(item)}` : '在线办理');
  const limits = useUploadLimits();

  const [form] = Form.useForm<ApplyFormValues>();
  const values = (Form.useWatch([], { form, preserve: true }) ?? {}) as ApplyFormValues;
  const locked = useApplicantFields(form, { itemCode: code, regionCode: values.regionCode });
  const [step, setStep] = useState(0);
  const [choices, setChoices] = useState<MaterialChoices>({});
  const [materialErrors, setMaterialErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [draftId, setDraftId] = useState<string | null>(draftParam);
  const [savingDraft, setSavingDraft] = useState(false);
  const applying = useApplyCase();
  const submitting = applying.isPending;
  const [created, setCreated] = useState<Created | null>(null);
  const attempt = useRef<{ json: string; key: string } | null>(null);
  const initialized = useRef(false);
  const topRef = useRef<HTMLDivElement>(null);

  const draft = useMemo(
    () => draftState.data?.items.find((d) => d.id === draftParam),
    [draftState.data, draftParam],
  );

  // Fill the form once: from the draft being resumed, else with the defaults (the applicant's own
  // fields come from the server: applicantFields.ts).
  useEffect(() => {
    if (!item || !region.code || initialized.current || (draftParam && draftState.loading)) return;
    initialized.current = true;
    const impls = implementationsOf(item);
    const data = (draft?.data ?? {}) as DraftData;
    if (data.values) {
      form.setFieldsValue(data.values);
      setChoices(data.materials ?? {});
      setStep(Math.min(Math.max(data.step ?? 0, 0), STEPS.length - 1));
      return;
    }
    const here =
      impls.find((i) => i.regionCode === region.code) ?? (impls.length === 1 ? impls[0] : undefined);
    const modes = deliveryModes(item.handlingModes);
    form.setFieldsValue({
      regionCode: here?.regionCode,
      delivery: { mode: modes[0] },
    });
  }, [item, draft, draftParam, draftState.loading, form, region.code]);

  if (itemState.loading || (draftParam && draftState.loading)) return <Loading rows={10} />;
  if (itemState.error || !item)
    return itemState.error ? (
      <LoadError error={itemState.error} onRetry={itemState.reload} what="事项" />
    ) : null;

  const guide = `/items/${item.code}`;
  if (!item.servedObjects.includes(user.kind as 'person' | 'enterprise')) {
    return (
      <Result
        className="card"
        status="warning"
        title="本事项不面向您的账号类型"
        subTitle={`「${itemTitle(item)}」的服务对象为${item.servedObjects.map((o) => SERVED_OBJECT[o] ?? o).join('、')}，请使用相应账号申请。`}
        extra={
          <Link to={guide}>
            <Button type="primary">返回办事指南</Button>
          </Link>
        }
      />
    );
  }
  if (!item.handlingModes.includes('online')) {
    return (
      <Result
        className="card"
        status="info"
        title="本事项需到窗口办理"
        subTitle="请按办事指南准备材料，到政务服务中心综合窗口提交。"
        extra={
          <Link to={guide}>
            <Button type="primary">返回办事指南</Button>
          </Link>
        }
      />
    );
  }

  if (created) {
    return (
      <Result
        className="card apply-done"
        status="success"
        title="申请已提交"
        subTitle={
          <span>
            办件编号：
            <strong className="case-no" data-case-no={created.caseNo}>
              {created.caseNo}
            </strong>
            <br />
            受理部门将在审核材料后告知受理结果，进度可在「我的办件」中查看，也会通过站内消息和短信通知您。
          </span>
        }
        extra={[
          <Button type="primary" key="view" onClick={() => navigate(`/my/cases/${created.id}`)}>
            查看办件进度
          </Button>,
          <Button key="list" onClick={() => navigate('/my/cases')}>
            我的办件
          </Button>,
        ]}
      />
    );
  }

  const regionLabel = (c: string) => (c.endsWith('00') ? `${regionName(c)}本级` : regionName(c));

  const scrollTop = () => topRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });

  const validateStep = async (i: number): Promise<boolean> => {
    try {
      if (i === 0) await form.validateFields([['regionCode']]);
      if (i === 1) await form.validateFields(fieldPaths(item.form, ['form']));
      if (i === 2) {
        const problems = materialProblems(item, choices);
        setMaterialErrors(problems);
        if (Object.keys(problems).length) {
          message.error('还有必需材料未上传');
          return false;
        }
      }
      if (i === 3)
        await form.validateFields([
          ['delivery', 'mode'],
          ['delivery', 'address'],
        ]);
      return true;
    } catch (err) {
      const first = (err as { errorFields?: Array<{ name: (string | number)[] }> }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: 'center', focus: true });
      return false;
    }
  };

  const go = (i: number) => {
    setStep(i);
    scrollTop();
  };

  const next = async () => {
    if (await validateStep(step)) go(step + 1);
  };

  const saveDraft = async () => {
    setSavingDraft(true);
    try {
      const data: DraftData = {
        itemName: itemTitle(item),
        step,
        values: form.getFieldsValue(true),
        materials: choices,
      };
      const body = { itemCode: item.code, regionCode: form.getFieldValue('regionCode') || undefined, data };
      if (draftId) {
        await request(`/api/cases/drafts/${draftId}`, { method: 'PUT', body });
      } else {
        const res = await api.post<{ id: string }>('/api/cases/drafts', body, {
          'Idempotency-Key': idempotencyKey(),
        });
        setDraftId(res.id);
        setParams({ draft: res.id }, { replace: true });
      }
      message.success('草稿已保存，可在「我的办件 → 草稿」中继续填写');
    } catch (err) {
      message.error(err instanceof ApiError ? err.userMessage : '草稿保存失败');
    } finally {
      setSavingDraft(false);
    }
  };

  const submit = async () => {
    if (applying.isPending) return;
    for (let i = 0; i < STEPS.length; i++) {
      if (!(await validateStep(i))) {
        go(i);
        return;
      }
    }
    const body = applyBody(item, form.getFieldsValue(true), choices);
    const json = JSON.stringify(body);
    // One key per distinct attempt: a double click or a retry after a network error reuses it, so
    // the server creates the case once; a corrected application is a new attempt.
    if (attempt.current?.json !== json) attempt.current = { json, key: idempotencyKey() };
    setGeneral([]);
    try {
      const res = await applying.mutateAsync({ body, key: attempt.current.key });
      setCreated(res);
      scrollTop();
      if (draftId) void request(`/api/cases/drafts/${draftId}`, { method: 'DELETE' }).catch(() => undefined);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) {
        const sorted = sortErrors(err.errors, body.materials ?? []);
        form.setFields(sorted.fields);
        setMaterialErrors(sorted.materials);
        setGeneral(sorted.general);
        const names = sorted.fields.map((f) => f.name[0]);
        const back = names.includes('regionCode')
          ? 0
          : names.includes('form')
            ? 1
            : Object.keys(sorted.materials).length || sorted.general.some((g) => g.includes('材料'))
              ? 2
              : 3;
        go(back);
        message.error('申请未通过校验，请按提示修改');
      } else {
        setGeneral([err instanceof ApiError ? err.userMessage : '提交失败，请稍后重试']);
      }
    }
  };

  return (
    <div className="apply" ref={topRef}>
      <Breadcrumb
        className="breadcrumb"
        items={[
          { title: <Link to="/">首页</Link> },
          { title: <Link to={guide}>{itemTitle(item)}</Link> },
          { title: '在线办理' },
        ]}
      />
      <section className="card" aria-labelledby="apply-title">
        <div className="card-head">
          <h1 id="apply-title" className="card-title">
            在线办理 · {itemTitle(item)}
          </h1>
          <span className="section-note">
            申请人：{user.name}
            {draftId ? ' · 草稿已保存' : ''}
          </span>
        </div>
        <Steps
          className="apply-steps"
          size="small"
          current={step}
          items={STEPS.map((s, i) => ({ ...s, disabled: i > step }))}
          onChange={(i) => i < step && go(i)}
        />
      </section>

      <SubmitProblems problems={general} />

      <Form<ApplyFormValues> form={form} layout="vertical" component="div" className="apply-form">
        <section className="card" hidden={step !== 0} aria-label="选择区划并阅读告知">
          <h2 className="card-title">办事告知</h2>
          <ApplyNotice item={item} />
          <div className="mt16">
            <RegionField item={item} regionLabel={regionLabel} />
          </div>
        </section>

        <section className="card" hidden={step !== 1} aria-label="填写申请表">
          <h2 className="card-title">{item.form?.title ?? '申请表'}</h2>
          <p className="card-intro">带 * 的为必填项。</p>
          <SchemaFields schema={item.form} prefix={['form']} locked={locked} />
        </section>

        <section className="card" hidden={step !== 2} aria-label="提交材料">
          <h2 className="card-title">申请材料</h2>
          <p className="card-intro">
            请上传清晰的扫描件或照片（{limits}）。标有「告知承诺」「容缺后补」的材料可按需选择。
          </p>
          <MaterialsChooser
            item={item}
            value={choices}
            onChange={(next) => {
              setChoices(next);
              setMaterialErrors({});
            }}
            errors={materialErrors}
            applicantName={user.name}
          />
        </section>

        <section className="card" hidden={step !== 3} aria-label="确认提交">
          <h2 className="card-title">送达方式与确认</h2>
          <DeliveryFields item={item} />
          <ApplySummary
            item={item}
            values={values}
            choices={choices}
            regionLabel={values.regionCode ? regionLabel(values.regionCode) : '—'}
          />
        </section>
      </Form>

      <div className="card apply-bar">
        <Button onClick={() => go(step - 1)} disabled={step === 0 || submitting}>
          上一步
        </Button>
        <Button icon={<SaveOutlined />} onClick={saveDraft} loading={savingDraft} disabled={submitting}>
          保存草稿
        </Button>
        <span className="apply-bar-spacer" />
        {step < STEPS.length - 1 ? (
          <Button type="primary" onClick={next}>
            下一步
          </Button>
        ) : (
          <Button type="primary" onClick={submit} loading={submitting}>
            提交申请
          </Button>
        )}
      </div>
    </div>
  );
}
