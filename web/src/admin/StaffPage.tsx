import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  QRCode,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { roleLabel, useMeta } from '../api/meta';
import { applyFieldErrors } from '../auth/formErrors';
import { ApiError, api, idempotencyKey, withQuery } from '../shared/api';
import { LoadError, useTitle } from '../shared/PageState';
import { useRegion } from '../shared/region';
import type { Department, OtpEnrolment, StaffAccount } from '../shared/types';
import { useApi, useInvalidate } from '../shared/useApi';
import { regionTree } from './regionTree';

interface StaffForm {
  username: string;
  name: string;
  password: string;
  roles: string[];
  regionCode: string;
  departmentCode?: string;
  phone?: string;
}

const FORM_FIELDS = [
  'username',
  'name',
  'password',
  'roles',
  'regionCode',
  'departmentCode',
  'phone',
] as const;

/**
 * The TOTP secret, shown this once (the server keeps it sealed and never shows it again): the new
 * colleague scans the QR code with an authenticator app and logs in with password + 6-digit code.
 */
function OtpSecretModal({ enrolment, onClose }: { enrolment: OtpEnrolment | null; onClose: () => void }) {
  return (
    <Modal
      title={enrolment ? `动态口令绑定 · ${enrolment.username}` : ''}
      open={!!enrolment}
      onCancel={onClose}
      onOk={onClose}
      okText="已绑定"
      cancelButtonProps={{ style: { display: 'none' } }}
      destroyOnHidden
    >
      {enrolment ? (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Alert
            type="warning"
            showIcon
            title="密钥只显示这一次"
            description="请让该工作人员用身份验证器应用扫描二维码（或手工输入密钥），之后每次登录需输入应用显示的6位动态口令。关闭后如需重新绑定，可在列表中“重置动态口令”。"
          />
          <QRCode value={enrolment.otpauthUrl} size={180} />
          <div>
            密钥：
            <Typography.Text code copyable className="mono">
              {enrolment.otpSecret}
            </Typography.Text>
          </div>
        </Space>
      ) : null}
    </Modal>
  );
}

function CreateStaff({
  open,
  roles,
  onClose,
  onCreated,
}: {
  open: boolean;
  roles: string[];
  onClose: () => void;
  onCreated: (enrolment: OtpEnrolment) => void;
}) {
  const [form] = Form.useForm<StaffForm>();
  const { message } = App.useApp();
  const meta = useMeta();
  const { all, homeCode } = useRegion();
  const tree = useMemo(() => regionTree(all), [all]);
  const regionCode = Form.useWatch('regionCode', form);
  const depts = useApi<{ items: Department[] }>(
    regionCode ? withQuery('/api/departments', { region: regionCode }) : null,
  );
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.post<OtpEnrolment>('/api/admin/staff', body, { 'Idempotency-Key': idempotencyKey() }),
    onSuccess: () => invalidate('/api/admin/staff'),
  });
  const invalidate = useInvalidate();
  const busy = create.isPending;
  const [problems, setProblems] = useState<string[]>([]);

  const submit = async () => {
    let values: StaffForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    if (busy) return;
    setProblems([]);
    try {
      const body = { ...values, username: values.username.trim(), name: values.name.trim() };
      if (!body.departmentCode) delete body.departmentCode;
      if (!body.phone?.trim()) delete body.phone;
      const created = await create.mutateAsync(body);
      message.success(`已创建工作人员账号 ${body.username}`);
      form.resetFields();
      onCreated(created);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) setProblems(applyFieldErrors(form, err, FORM_FIELDS));
      else if (err instanceof ApiError && err.status === 409)
        form.setFields([{ name: 'username', errors: [err.detail || '该账号已存在'] }]);
      else setProblems([err instanceof ApiError ? err.userMessage : String(err)]);
    }
  };

  return (
    <Modal
      title="新建工作人员账号"
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="创建"
      confirmLoading={busy}
      destroyOnHidden
      forceRender
    >
      {problems.length ? (
        <Alert type="error" showIcon title="创建失败" description={problems.join('；')} className="mb16" />
      ) : null}
      <Form<StaffForm>
        form={form}
        name="staff"
        layout="vertical"
        initialValues={{ regionCode: homeCode, roles: [] }}
      >
        <Form.Item
          label="登录账号"
          name="username"
          rules={[{ required: true, whitespace: true, message: '请输入登录账号' }]}
        >
          <Input autoComplete="off" maxLength={40} />
        </Form.Item>
        <Form.Item
          label="姓名"
          name="name"
          rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
        >
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item
          label="初始密码"
          name="password"
          rules={[
            { required: true, message: '请设置初始密码' },
            { min: 8, message: '密码至少8位' },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="手机号码" name="phone" extra="选填">
          <Input maxLength={11} inputMode="numeric" />
        </Form.Item>
        <Form.Item label="岗位角色" name="roles" rules={[{ required: true, message: '请至少选择一个角色' }]}>
          <Select
            mode="multiple"
            options={roles.map((r) => ({ value: r, label: `${roleLabel(meta, r)}（${r}）` }))}
          />
        </Form.Item>
        <Form.Item label="所属区划" name="regionCode" rules={[{ required: true, message: '请选择区划' }]}>
          <TreeSelect
            treeData={tree}
            treeDefaultExpandAll
            showSearch
            treeNodeFilterProp="title"
            onChange={() => form.setFieldValue('departmentCode', undefined)}
          />
        </Form.Item>
        <Form.Item label="所属部门" name="departmentCode" extra="综合窗口、12345、监察等跨部门岗位可不选">
          <Select
            allowClear
            loading={depts.loading}
            showSearch
            optionFilterProp="label"
            options={(depts.data?.items ?? []).map((d) => ({ value: d.code, label: d.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function StaffPage() {
  useTitle('工作人员账号');
  const meta = useMeta();
  const { regionName } = useRegion();
  const { data, error, loading, reload } = useApi<{ items: StaffAccount[] }>('/api/admin/staff');
  const depts = useApi<{ items: Department[] }>('/api/departments');
  const [open, setOpen] = useState(false);
  const [enrolment, setEnrolment] = useState<OtpEnrolment | null>(null);
  const { message, modal } = App.useApp();
  const invalidate = useInvalidate();
  const unlock = useMutation({
    mutationFn: (s: StaffAccount) => api.post(`/api/admin/accounts/${s.id}/unlock`),
    onSuccess: () => invalidate('/api/admin/staff'),
  });
  const reenrol = useMutation({
    mutationFn: (s: StaffAccount) => api.post<OtpEnrolment>(`/api/admin/staff/${s.id}/otp`),
    onSuccess: () => invalidate('/api/admin/staff'),
  });
  const act = async (s: StaffAccount, what: 'unlock' | 'otp') => {
    try {
      if (what === 'unlock') {
        await unlock.mutateAsync(s);
        message.success(`已解除 ${s.username} 的登录锁定`);
      } else {
        setEnrolment(await reenrol.mutateAsync(s));
      }
    } catch (err) {
      message.error(err instanceof ApiError ? err.userMessage : String(err));
    }
  };
  const deptName = new Map((depts.data?.items ?? []).map((d) => [d.code, d.name]));
  // The roles the server accepts, with its names for them (GET /api/meta).
  const roles = (meta?.roles ?? []).map((r) => r.code);

  return (
    <section className="card" aria-labelledby="staff-title">
      <div className="card-head">
        <h1 id="staff-title" className="card-title">
          工作人员账号 {data ? <span className="result-count">共 {data.items.length} 个</span> : null}
        </h1>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={reload}>
            刷新
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            新建账号
          </Button>
        </Space>
      </div>
      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <Table<StaffAccount>
          className="staff-table"
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: '登录账号',
              dataIndex: 'username',
              width: 150,
              render: (u: string) => <span className="mono">{u}</span>,
            },
            { title: '姓名', dataIndex: 'name', width: 110 },
            {
              title: '岗位角色',
              dataIndex: 'roles',
              render: (rs: string[]) => rs.map((r) => <Tag key={r}>{roleLabel(meta, r)}</Tag>),
            },
            { title: '所属区划', dataIndex: 'regionCode', width: 110, render: (c: string) => regionName(c) },
            {
              title: '所属部门',
              dataIndex: 'departmentCode',
              render: (c: string | null) => (c ? (deptName.get(c) ?? c) : <span className="muted">—</span>),
            },
            {
              title: '状态',
              dataIndex: 'active',
              width: 120,
              render: (a: boolean, s: StaffAccount) => (
                <>
                  {a ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>}
                  {s.locked ? <Tag color="red">已锁定</Tag> : null}
                </>
              ),
            },
            {
              title: '操作',
              width: 200,
              render: (_: unknown, s: StaffAccount) => (
                <Space size="small">
                  <Button size="small" onClick={() => void act(s, 'unlock')}>
                    解除锁定
                  </Button>
                  <Button
                    size="small"
                    onClick={() =>
                      modal.confirm({
                        title: `重置 ${s.username} 的动态口令？`,
                        content: '原动态口令立即失效，该账号的登录状态全部结束。',
                        onOk: () => act(s, 'otp'),
                      })
                    }
                  >
                    {s.otpEnrolled === false ? '开通动态口令' : '重置动态口令'}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      <CreateStaff
        open={open}
        roles={roles}
        onClose={() => setOpen(false)}
        onCreated={(e) => {
          setOpen(false);
          setEnrolment(e);
          reload();
        }}
      />
      <OtpSecretModal enrolment={enrolment} onClose={() => setEnrolment(null)} />
    </section>
  );
}
