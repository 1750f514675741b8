// 一件事一次办: one application (one merged form, one set of materials) for every item of a bundle.
// The server splits it into one sub-case per item, each routed to its department.
import { Alert, App, Breadcrumb, Button, Descriptions, Form, Radio, Result, Steps, Table, Tag } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useItemDetails } from '../guide/useItemDetails';
import { ApiError, idempotencyKey } from '../shared/api';
import { useAuth } from '../shared/auth';
import { daysLabel, itemTitle, SERVED_OBJECT } from '../shared/labels';
import { LoadError, Loading, useTitle } from '../shared/PageState';
import { useRegion } from '../shared/region';
import type { BundleDetail, HandlingMode, User } from '../shared/types';
import { useApi } from '../shared/useApi';
import {
  type ApplyFormValues,
  DeliveryFields,
  type MaterialChoices,
  MaterialsChooser,
  materialProblems,
  materialsPayload,
  SubmitProblems,
  sortErrors,
} from './ApplyParts';
import { useApplicantFields } from './applicantFields';
import { planBundle } from './bundlePlan';
import { useDepartmentName } from './CaseParts';
import { useUploadLimits } from './FileUpload';
import { DELIVERY, deliveryModes } from './labels';
import { displayValue, fieldPaths, formDisplay, formPayload, SchemaFields } from './SchemaForm';
import type { Created } from './types';
import { useApplyCase } from './useCaseAction';

const STEPS = [
  { title: '选择区划', content: '阅读一次告知' },
  { title: '填写一张表' },
  { title: '提交一套材料' },
  { title: '确认提交', content: '选择送达方式' },
];

/** Target of 「一件事一次办 · 在线申请」: applicants apply here; visitors log in first and come back. */
export function BundleApplyPage() {
  const { code = '' } = useParams();
  const { user } = useAuth();
  const location = useLocation();
  useTitle('一件事一次办');
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
        subTitle="一件事在线申请面向个人和法人用户。"
        extra={
          <Link to={`/bundles/${code}`}>
            <Button>返回一件事指南</Button>
          </Link>
        }
      />
    );
  }
  return <BundleWizard code={code} user={user} />;
}

function BundleWizard({ code, user }: { code: string; user: User }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { regionName } = useRegion();
  const deptName = useDepartmentName();
  const bundleState = useApi<BundleDetail>(`/api/catalog/bundles/${encodeURIComponent(code)}`);
  const bundle = bundleState.data;
  const { details, error: detailsError } = useItemDetails(bundle?.items.map((it) => it.code) ?? []);
  useTitle(bundle ? `一件事一次办：${bundle.name}` : '一件事一次办');
  const limits = useUploadLimits();

  const plan = useMemo(
    () => (bundle && details ? planBundle(bundle, details, user.kind) : null),
    [bundle, details, user.kind],
  );

  const [form] = Form.useForm<ApplyFormValues>();
  const values = (Form.useWatch([], { form, preserve: true }) ?? {}) as ApplyFormValues;
  const locked = useApplicantFields(form, { bundleCode: code, regionCode: values.regionCode });
  const [step, setStep] = useState(0);
  const [choices, setChoices] = useState<MaterialChoices>({});
  const [materialErrors, setMaterialErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const applying = useApplyCase();
  const submitting = applying.isPending;
  const [created, setCreated] = useState<Created | null>(null);
  const attempt = useRef<{ json: string; key: string } | null>(null);
  const initialized = useRef(false);
  const topRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!plan || initialized.current) return;
    initialized.current = true;
    const props = plan.schema.properties ?? {};
    const prefill: Record<string, unknown> = {};
    if ('entName' in props) prefill.entName = user.name;
    if (user.kind === 'person' && 'operatorName' in props) prefill.operatorName = user.name;
    form.setFieldsValue({
      regionCode: plan.regions.length === 1 ? plan.regions[0]!.regionCode : undefined,
      form: prefill,
      delivery: { mode: deliveryModes(plan.handlingModes)[0] },
    });
  }, [plan, form, user]);

  if (bundleState.loading || (bundle && !details && !detailsError)) return <Loading rows={10} />;
  if (bundleState.error || !bundle)
    return bundleState.error ? (
      <LoadError error={bundleState.error} onRetry={bundleState.reload} what="一件事" />
    ) : null;
  if (detailsError) return <LoadError error={detailsError} onRetry={() => navigate(0)} what="事项" />;
  if (!plan) return <Loading rows={10} />;

  const guide = `/bundles/${bundle.code}`;
  if (!bundle.servedObjects.includes(user.kind as 'person' | 'enterprise') || !plan.items.length) {
    return (
      <Result
        className="card"
        status="warning"
        title="本一件事不面向您的账号类型"
        subTitle={`「${bundle.name}」的服务对象为${bundle.servedObjects.map((o) => SERVED_OBJECT[o] ?? o).join('、')}。`}
        extra={
          <Link to={guide}>
            <Button type="primary">返回一件事指南</Button>
          </Link>
        }
      />
    );
  }

  const itemName = (c: string) => {
    const d = details?.find((x) => x.code === c);
    return d ? itemTitle(d) : c;
  };

  if (created) {
    return (
      <Result
        className="card apply-done"
        status="success"
        title="一件事申请已提交"
        subTitle={
          <span>
            办件编号：
            <strong className="case-no" data-case-no={created.caseNo}>
              {created.caseNo}
            </strong>
            <br />
            已分送 {created.children?.length ?? 0} 个事项的办理部门并联办理，进度可在「我的办件」中查看。
          </span>
        }
        extra={[
          <Button type="primary" key="view" onClick={() => navigate(`/my/cases/${created.id}`)}>
            查看办理进度
          </Button>,
          <Button key="list" onClick={() => navigate('/my/cases')}>
            我的办件
          </Button>,
        ]}
      >
        <Table
          className="bundle-children"
          size="small"
          bordered
          rowKey="id"
          pagination={false}
          dataSource={created.children ?? []}
          columns={[
            { title: '事项', key: 'item', render: (_, c) => itemName(c.itemCode) },
            { title: '办理部门', key: 'dept', render: (_, c) => deptName(c.departmentCode) },
            {
              title: '子办件编号',
              dataIndex: 'caseNo',
              render: (n: string) => <span className="mono">{n}</span>,
            },
          ]}
        />
      </Result>
    );
  }

  const regionLabel = (c: string) => (c.endsWith('00') ? `${regionName(c)}本级` : regionName(c));
  const scrollTop = () => topRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  const go = (i: number) => {
    setStep(i);
    scrollTop();
  };

  const validateStep = async (i: number): Promise<boolean> => {
    try {
      if (i === 0) await form.validateFields([['regionCode']]);
      if (i === 1) await form.validateFields(fieldPaths(plan.schema, ['form']));
      if (i === 2) {
        const problems = materialProblems(plan, choices);
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

  const next = async () => {
    if (await validateStep(step)) go(step + 1);
  };

  const submit = async () => {
    if (applying.isPending) return;
    for (let i = 0; i < STEPS.length; i++) {
      if (!(await validateStep(i))) {
        go(i);
        return;
      }
    }
    const v = form.getFieldsValue(true) as ApplyFormValues;
    const mode = v.delivery?.mode ?? 'window';
    const body = {
      bundleCode: bundle.code,
      regionCode: v.regionCode ?? '',
      form: formPayload(plan.schema, v.form),
      materials: materialsPayload(plan, choices),
      delivery: mode === 'express' ? { mode, address: v.delivery?.address?.trim() } : { mode },
    };
    const json = JSON.stringify(body);
    if (attempt.current?.json !== json) attempt.current = { json, key: idempotencyKey() };
    setGeneral([]);
    try {
      const res = await applying.mutateAsync({ body, key: attempt.current.key });
      setCreated(res);
      scrollTop();
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) {
        const sorted = sortErrors(err.errors, body.materials ?? []);
        form.setFields(sorted.fields);
        setMaterialErrors(sorted.materials);
        setGeneral(sorted.general);
        const names = sorted.fields.map((f) => f.name[0]);
        go(
          names.includes('regionCode')
            ? 0
            : names.includes('form')
              ? 1
              : Object.keys(sorted.materials).length || sorted.general.some((g) => g.includes('材料'))
                ? 2
                : 3,
        );
        message.error('申请未通过校验，请按提示修改');
      } else {
        setGeneral([err instanceof ApiError ? err.userMessage : '提交失败，请稍后重试']);
      }
    }
  };

  const region = plan.regions.find((r) => r.regionCode === values.regionCode);
  const mode = values.delivery?.mode;
  const partial = plan.items.filter(
    (d) => mode && !d.handlingModes.includes(DELIVERY[mode].needs as HandlingMode),
  );

  return (
    <div className="apply" ref={topRef}>
      <Breadcrumb
        className="breadcrumb"
        items={[
          { title: <Link to="/">首页</Link> },
          { title: <Link to={guide}>{bundle.name}</Link> },
          { title: '在线申请' },
        ]}
      />
      <section className="card" aria-labelledby="apply-title">
        <div className="card-head">
          <h1 id="apply-title" className="card-title">
            <Tag color="red" className="tag-yjs">
              一件事
            </Tag>
            一次办 · {bundle.name}
          </h1>
          <span className="section-note">申请人：{user.name}</span>
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
          <h2 className="card-title">一次告知</h2>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 3 }}
            items={[
              { key: 'name', label: '一件事', children: bundle.name, span: 'filled' },
              { key: 'days', label: '承诺办结时限', children: `受理后${daysLabel(bundle.promisedDays)}` },
              { key: 'items', label: '涉及事项', children: `${plan.items.length} 项` },
              {
                key: 'materials',
                label: '申请材料',
                children: `共 ${plan.materials.length} 份，其中必需 ${plan.materials.filter((m) => m.required).length} 份`,
              },
            ]}
          />
          <ol className="notice-materials bundle-items">
            {plan.items.map((d) => (
              <li key={d.code}>
                {itemTitle(d)} <span className="muted">（{d.departmentKind}部门）</span>
              </li>
            ))}
          </ol>
          {plan.left.length ? (
            <Alert
              className="mb16"
              type="info"
              showIcon
              title={`以下事项不适用于${SERVED_OBJECT[user.kind] ?? '您'}，已自动略去，无需填写和提交其材料`}
              description={plan.left.map((d) => itemTitle(d)).join('、')}
            />
          ) : null}
          <p className="muted notice-foot">
            一张表填写各事项共同需要的信息，同一份材料只提交一次；提交后由各部门并联办理，办结结果一次送达。
          </p>
          <Form.Item
            className="mt16"
            name="regionCode"
            label="办理区划"
            rules={[{ required: true, message: '请选择办理区划' }]}
          >
            <Radio.Group className="region-choices">
              {plan.regions.map((r) => (
                <Radio key={r.regionCode} value={r.regionCode}>
                  <span className="region-choice-name">{regionLabel(r.regionCode) || r.regionName}</span>
                  <span className="muted"> · {r.departments.join('、')}</span>
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
        </section>

        <section className="card" hidden={step !== 1} aria-label="填写申请表">
          <h2 className="card-title">{bundle.form?.title ?? '一表申请'}</h2>
          <p className="card-intro">各事项共同需要的信息只填一次。带 * 的为必填项。</p>
          <SchemaFields schema={plan.schema} prefix={['form']} locked={locked} />
        </section>

        <section className="card" hidden={step !== 2} aria-label="提交材料">
          <h2 className="card-title">申请材料（合并后）</h2>
          <p className="card-intro">多个事项共用的材料只上传一次。请上传清晰的扫描件或照片（{limits}）。</p>
          <MaterialsChooser
            item={plan}
            value={choices}
            onChange={(nextChoices) => {
              setChoices(nextChoices);
              setMaterialErrors({});
            }}
            errors={materialErrors}
            applicantName={user.name}
          />
        </section>

        <section className="card" hidden={step !== 3} aria-label="确认提交">
          <h2 className="card-title">送达方式与确认</h2>
          <DeliveryFields item={plan} />
          {partial.length ? (
            <Alert
              className="mb16"
              type="info"
              showIcon
              title={`${partial.map((d) => itemTitle(d)).join('、')}不支持该送达方式，结果将在窗口领取`}
            />
          ) : null}
          <div className="apply-summary">
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, md: 2 }}
              title="申请概要"
              items={[
                { key: 'name', label: '一件事', children: bundle.name, span: 'filled' },
                {
                  key: 'region',
                  label: '办理区划',
                  children: values.regionCode ? regionLabel(values.regionCode) : '—',
                },
                { key: 'dept', label: '办理部门', children: region?.departments.join('、') ?? '—' },
                {
                  key: 'delivery',
                  label: '送达方式',
                  children: mode
                    ? `${DELIVERY[mode].label}${mode === 'express' && values.delivery?.address ? `：${values.delivery.address}` : ''}`
                    : '—',
                },
                {
                  key: 'items',
                  label: '申请事项',
                  span: 'filled',
                  children: plan.items.map((d) => itemTitle(d)).join('、'),
                },
              ]}
            />
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, md: 2 }}
              title="申请表"
              className="mt16"
              items={formDisplay(plan.schema, values.form)
                .filter((r) => r.key in (plan.schema.properties ?? {}))
                .map((r) => ({
                  key: r.key,
                  label: r.label,
                  children: displayValue(r.value),
                  span: Array.isArray(r.value) ? 'filled' : undefined,
                }))}
            />
          </div>
        </section>
      </Form>

      <div className="card apply-bar">
        <Button onClick={() => go(step - 1)} disabled={step === 0 || submitting}>
          上一步
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
