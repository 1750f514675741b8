import { Alert, Button, Form, Input, Radio, Result } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, api } from '../shared/api';
import { useTitle } from '../shared/PageState';

type Purpose = 'reset' | 'claim' | 'unlock';

interface RecoverForm {
  username: string;
  purpose: Purpose;
  code?: string;
  newPassword?: string;
  confirm?: string;
}

const PURPOSES: { value: Purpose; label: string }[] = [
  { value: 'reset', label: '忘记密码' },
  { value: 'claim', label: '认领窗口代办的账号' },
  { value: 'unlock', label: '解除登录锁定' },
];

/**
 * Self-service by SMS code to the phone registered on the account: reset a forgotten password,
 * claim an account a window clerk opened (set its first password), lift a login lock. The server
 * answers alike whether or not the account exists, so this page never says "no such account".
 */
export function RecoverPage() {
  useTitle('找回密码');
  const [form] = Form.useForm<RecoverForm>();
  const purpose = Form.useWatch('purpose', form) ?? 'reset';
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<Purpose>();

  const sendCode = async () => {
    let v: RecoverForm;
    try {
      v = await form.validateFields(['username', 'purpose']);
    } catch {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/api/auth/sms-codes', { username: v.username.trim(), purpose: v.purpose });
      setSent(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.userMessage : '发送失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  const onFinish = async (v: RecoverForm) => {
    setBusy(true);
    setError(undefined);
    try {
      const username = v.username.trim();
      if (v.purpose === 'unlock') await api.post('/api/auth/unlock', { username, code: v.code });
      else await api.post('/api/auth/password-reset', { username, code: v.code, newPassword: v.newPassword });
      setDone(v.purpose);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) setError(err.errors.map((e) => e.message).join('；'));
      else setError(err instanceof ApiError ? err.userMessage : '操作失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <div className="auth-page">
        <section className="card auth-card">
          <Result
            status="success"
            title={done === 'unlock' ? '已解除登录锁定' : '密码已设置'}
            subTitle="该账号原有的登录状态已全部失效，请重新登录。"
            extra={
              <Link to={`/login?username=${encodeURIComponent(form.getFieldValue('username') ?? '')}`}>
                <Button type="primary">去登录</Button>
              </Link>
            }
          />
        </section>
      </div>
    );
  }

  return (
    <div className="auth-page">
      <section className="card auth-card" aria-labelledby="recover-title">
        <h1 id="recover-title" className="auth-title">
          短信验证码自助服务
        </h1>
        <p className="auth-sub">验证码发送至账号登记的手机号，5分钟内有效</p>
        {error ? <Alert type="error" showIcon title={error} className="auth-alert" /> : null}
        {sent ? (
          <Alert
            type="info"
            showIcon
            className="auth-alert"
            title="如果该账号存在并登记了手机号，验证码已经发出"
          />
        ) : null}
        <Form<RecoverForm>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={onFinish}
          initialValues={{ purpose: 'reset' }}
        >
          <Form.Item name="purpose" label="要办理的事">
            <Radio.Group optionType="button" options={PURPOSES} onChange={() => setSent(false)} />
          </Form.Item>
          <Form.Item
            label="账号"
            name="username"
            extra="身份证号 / 统一社会信用代码 / 手机号 / 工作人员账号"
            rules={[{ required: true, whitespace: true, message: '请输入账号' }]}
          >
            <Input size="large" autoComplete="username" />
          </Form.Item>
          <Button block onClick={sendCode} loading={busy && !sent} className="mb16">
            {sent ? '重新获取验证码' : '获取短信验证码'}
          </Button>
          {sent ? (
            <>
              <Form.Item
                label="短信验证码"
                name="code"
                rules={[{ required: true, pattern: /^\d{6}$/, message: '请输入6位验证码' }]}
              >
                <Input size="large" inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
              </Form.Item>
              {purpose !== 'unlock' ? (
                <>
                  <Form.Item
                    label="新密码"
                    name="newPassword"
                    extra="8至64位，包含大写字母、小写字母、数字、符号中的至少三种"
                    rules={[{ required: true, min: 8, message: '密码至少8位' }]}
                  >
                    <Input.Password size="large" autoComplete="new-password" />
                  </Form.Item>
                  <Form.Item
                    label="确认新密码"
                    name="confirm"
                    dependencies={['newPassword']}
                    rules={[
                      { required: true, message: '请再次输入密码' },
                      ({ getFieldValue }) => ({
                        validator: (_, value) =>
                          !value || getFieldValue('newPassword') === value
                            ? Promise.resolve()
                            : Promise.reject(new Error('两次输入的密码不一致')),
                      }),
                    ]}
                  >
                    <Input.Password size="large" autoComplete="new-password" />
                  </Form.Item>
                </>
              ) : null}
              <Button type="primary" htmlType="submit" size="large" block loading={busy}>
                {purpose === 'unlock' ? '解除锁定' : '设置密码'}
              </Button>
            </>
          ) : null}
        </Form>
        <p className="auth-foot">
          <Link to="/login">返回登录</Link>
        </p>
      </section>
    </div>
  );
}
