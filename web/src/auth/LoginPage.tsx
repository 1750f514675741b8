import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../shared/api';
import { homeFor, useAuth } from '../shared/auth';
import { useTitle } from '../shared/PageState';

interface LoginForm {
  username: string;
  password: string;
  otp?: string;
}

/** Only same-site paths, so a crafted link cannot send people elsewhere after login. */
export function safeRedirect(target: string | null): string | null {
  if (!target?.startsWith('/') || target.startsWith('//') || target.startsWith('/login')) return null;
  return target;
}

export function LoginPage() {
  useTitle('用户登录');
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { message } = App.useApp();
  const [form] = Form.useForm<LoginForm>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Staff accounts (other than the demo ones) are asked for their TOTP code once the password is right.
  const [needOtp, setNeedOtp] = useState(false);

  const onFinish = async (values: LoginForm) => {
    setBusy(true);
    setError(undefined);
    try {
      const user = await login(values.username.trim(), values.password, values.otp?.trim() || undefined);
      message.success(`欢迎您，${user.name}`);
      navigate(safeRedirect(params.get('redirect')) ?? homeFor(user), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'otp_required' || err.code === 'otp_invalid')) {
        setNeedOtp(true);
        setError(err.code === 'otp_invalid' ? err.detail || '动态口令错误' : undefined);
        form.setFieldValue('otp', '');
      } else if (err instanceof ApiError) {
        setError(err.status === 401 ? '账号或密码不正确' : err.userMessage);
        form.setFieldValue('password', '');
      } else {
        setError('登录失败，请稍后再试');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <section className="card auth-card" aria-labelledby="login-title">
        <h1 id="login-title" className="auth-title">
          统一身份认证 · 用户登录
        </h1>
        <p className="auth-sub">一个账号，全省通办</p>
        {error ? <Alert type="error" showIcon title={error} className="auth-alert" /> : null}
        <Form<LoginForm>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={onFinish}
          initialValues={{ username: params.get('username') ?? '' }}
        >
          <Form.Item
            label="账号"
            name="username"
            extra="身份证号 / 统一社会信用代码 / 手机号 / 工作人员账号"
            rules={[{ required: true, whitespace: true, message: '请输入账号' }]}
          >
            <Input size="large" prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password
              size="large"
              prefix={<LockOutlined aria-hidden />}
              autoComplete="current-password"
            />
          </Form.Item>
          {needOtp ? (
            <Form.Item
              label="动态口令"
              name="otp"
              extra="打开身份验证器应用，输入“通办”账号当前显示的6位数字"
              rules={[{ required: true, pattern: /^\d{6}$/, message: '请输入6位动态口令' }]}
            >
              <Input size="large" inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus />
            </Form.Item>
          ) : null}
          <Button type="primary" htmlType="submit" size="large" block loading={busy}>
            登录
          </Button>
        </Form>
        <p className="auth-foot">
          还没有账号？<Link to="/register">立即注册</Link> ·{' '}
          <Link to="/recover">忘记密码 / 认领窗口账号 / 解除锁定</Link>
        </p>
      </section>
    </div>
  );
}
