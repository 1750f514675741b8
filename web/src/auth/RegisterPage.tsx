import { Alert, App, Button, Form, Input, Result, Tabs } from 'antd';
import type { Rule } from 'antd/es/form';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, api, idempotencyKey } from '../shared/api';
import { useTitle } from '../shared/PageState';
import { applyFieldErrors } from './formErrors';

type Kind = 'person' | 'enterprise';

interface Registered {
  id: string;
  username: string;
}

// Basic shape checks only; the server validates check digits and is the authority.
const ID_RULES: Rule[] = [
  { required: true, whitespace: true, message: '请输入公民身份号码' },
  { pattern: /^\d{17}[\dXx]$/, message: '公民身份号码应为18位，最后一位可以是数字或X' },
];
const PHONE_RULES: Rule[] = [
  { required: true, message: '请输入手机号码' },
  { pattern: /^1\d{10}$/, message: '请输入11位手机号码' },
];
const PASSWORD_RULES: Rule[] = [
  { required: true, message: '请设置登录密码' },
  { min: 8, message: '密码至少8位，建议同时包含大小写字母、数字和符号' },
];
const confirmRule = (field = 'password'): Rule[] => [
  { required: true, message: '请再次输入密码' },
  ({ getFieldValue }) => ({
    validator: (_, value) =>
      !value || getFieldValue(field) === value
        ? Promise.resolve()
        : Promise.reject(new Error('两次输入的密码不一致')),
  }),
];

const FIELDS: Record<Kind, readonly string[]> = {
  person: ['name', 'idNumber', 'phone', 'password'],
  enterprise: ['name', 'uscc', 'legalRepName', 'legalRepIdNumber', 'phone', 'password'],
};

function RegisterForm({ kind, onDone }: { kind: Kind; onDone: (r: Registered) => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [conflict, setConflict] = useState<string>();
  // One key per filled-in form: a double submit registers once.
  const [key, setKey] = useState(idempotencyKey);

  const onFinish = async (values: Record<string, string>) => {
    setBusy(true);
    setProblems([]);
    setConflict(undefined);
    const body: Record<string, string> = { type: kind };
    for (const f of FIELDS[kind]) body[f] = (values[f] ?? '').trim();
    body.password = values.password ?? '';
    try {
      const res = await api.post<Registered>('/api/auth/register', body, { 'Idempotency-Key': key });
      onDone(res);
    } catch (err) {
      setKey(idempotencyKey());
      if (!(err instanceof ApiError)) {
        message.error('注册失败，请稍后再试');
      } else if (err.status === 400 && err.errors.length) {
        setProblems(applyFieldErrors(form, err, FIELDS[kind]));
      } else if (err.status === 409) {
        setConflict(err.detail || '该证件号码或手机号码已注册');
        message.error('该账号已注册');
      } else {
        setProblems([err.userMessage]);
      }
    } finally {
      setBusy(false);
    }
  };

  const prefix = `reg-${kind}`;
  return (
    <Form
      form={form}
      name={prefix}
      layout="vertical"
      onFinish={onFinish}
      scrollToFirstError
      autoComplete="off"
    >
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          className="auth-alert"
          title="该账号已注册"
          description={
            <span>
              {conflict}。可以直接<Link to="/login">登录</Link>。
            </span>
          }
        />
      ) : null}
      {problems.length ? (
        <Alert
          type="error"
          showIcon
          className="auth-alert"
          title="提交的信息有误"
          description={
            <ul className="problem-list">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      {kind === 'person' ? (
        <>
          <Form.Item
            label="姓名"
            name="name"
            rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
          >
            <Input autoComplete="name" maxLength={30} />
          </Form.Item>
          <Form.Item label="公民身份号码" name="idNumber" rules={ID_RULES} validateFirst>
            <Input maxLength={18} />
          </Form.Item>
        </>
      ) : (
        <>
          <Form.Item
            label="单位名称"
            name="name"
            rules={[{ required: true, whitespace: true, message: '请输入单位名称' }]}
          >
            <Input autoComplete="organization" maxLength={100} />
          </Form.Item>
          <Form.Item
            label="统一社会信用代码"
            name="uscc"
            validateFirst
            rules={[
              { required: true, whitespace: true, message: '请输入统一社会信用代码' },
              { len: 18, message: '统一社会信用代码应为18位' },
            ]}
          >
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item
            label="法定代表人姓名"
            name="legalRepName"
            rules={[{ required: true, whitespace: true, message: '请输入法定代表人姓名' }]}
          >
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item label="法定代表人公民身份号码" name="legalRepIdNumber" rules={ID_RULES} validateFirst>
            <Input maxLength={18} />
          </Form.Item>
        </>
      )}
      <Form.Item label="手机号码" name="phone" rules={PHONE_RULES} validateFirst>
        <Input autoComplete="tel" maxLength={11} inputMode="numeric" />
      </Form.Item>
      <Form.Item label="登录密码" name="password" rules={PASSWORD_RULES} validateFirst hasFeedback>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="确认密码"
        name="confirm"
        dependencies={['password']}
        rules={confirmRule()}
        hasFeedback
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" size="large" block loading={busy}>
        注册
      </Button>
    </Form>
  );
}

export function RegisterPage() {
  useTitle('用户注册');
  const [kind, setKind] = useState<Kind>('person');
  const [done, setDone] = useState<Registered>();

  if (done) {
    return (
      <div className="auth-page">
        <Result
          className="card auth-card"
          status="success"
          title="注册成功"
          subTitle={`您的登录账号：${done.username}`}
          extra={
            <Link to={`/login?username=${encodeURIComponent(done.username)}`}>
              <Button type="primary">立即登录</Button>
            </Link>
          }
        />
      </div>
    );
  }

  return (
    <div className="auth-page">
      <section className="card auth-card auth-card-wide" aria-labelledby="register-title">
        <h1 id="register-title" className="auth-title">
          统一身份认证 · 用户注册
        </h1>
        <p className="auth-sub">请如实填写，信息将用于实名核验</p>
        <Tabs
          activeKey={kind}
          onChange={(k) => setKind(k as Kind)}
          centered
          items={[
            { key: 'person', label: '个人注册', children: <RegisterForm kind="person" onDone={setDone} /> },
            {
              key: 'enterprise',
              label: '法人注册',
              children: <RegisterForm kind="enterprise" onDone={setDone} />,
            },
          ]}
        />
        <p className="auth-foot">
          已有账号？<Link to="/login">直接登录</Link>
        </p>
      </section>
    </div>
  );
}
