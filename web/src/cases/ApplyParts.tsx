// The parts of an application that the online wizard and the window intake share: where to apply,
// the materials (upload, 告知承诺, 容缺), how the result is delivered, and what gets posted.
import { Alert, Descriptions, Form, Input, Radio, Table, Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { commitmentText, useMeta } from '../api/meta';
import { useSharedSourceNames } from '../guide/sharedSources';
import type { FieldError } from '../shared/api';
import { daysLabel, itemTitle } from '../shared/labels';
import type { ItemDetail, Material } from '../shared/types';
import { FileLink, FileUpload, type PickedFile } from './FileUpload';
import { DELIVERY, deliveryModes } from './labels';
import { displayValue, formDisplay, formPayload } from './SchemaForm';
import type { ApplyBody, DeliveryMode, MaterialInput } from './types';

export interface MaterialChoice {
  mode: 'file' | 'commitment' | 'deferred';
  file?: PickedFile;
}
export type MaterialChoices = Record<string, MaterialChoice>;

/** The values of the antd Form that holds region, application form and delivery. */
export interface ApplyFormValues {
  regionCode?: string;
  form?: Record<string, unknown>;
  delivery?: { mode?: DeliveryMode; address?: string };
}

/** 容缺 days as the server sets them (GET /api/meta); blank until it answers. */
function useDeferredDays(): string {
  const meta = useMeta();
  return meta ? String(meta.cases.deferredDays) : '…';
}

export function implementationsOf(item: ItemDetail, allowed?: (regionCode: string) => boolean) {
  return (item.implementations ?? []).filter((i) => !allowed || allowed(i.regionCode));
}

export function RegionField({
  item,
  allowed,
  regionLabel,
}: {
  item: ItemDetail;
  allowed?: (regionCode: string) => boolean;
  regionLabel: (code: string) => string;
}) {
  const impls = implementationsOf(item, allowed);
  if (!impls.length)
    return <Alert type="warning" showIcon title="本事项在可选区划均未实施，暂不能在此申请。" />;
  return (
    <Form.Item
      name="regionCode"
      label="办理区划与受理部门"
      rules={[{ required: true, message: '请选择办理区划' }]}
    >
      <Radio.Group className="region-choices">
        {impls.map((i) => (
          <Radio key={i.regionCode} value={i.regionCode}>
            <span className="region-choice-name">{regionLabel(i.regionCode) || i.regionName}</span>
            <span className="muted"> · {i.departmentName}</span>
          </Radio>
        ))}
      </Radio.Group>
    </Form.Item>
  );
}

/** 一次性告知 before anyone fills anything in: what to bring, how long it takes. */
export function ApplyNotice({ item }: { item: ItemDetail }) {
  const required = item.materials.filter((m) => m.required);
  const deferredDays = useDeferredDays();
  return (
    <div className="apply-notice">
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'item', label: '申请事项', children: itemTitle(item), span: 'filled' },
          {
            key: 'days',
            label: '承诺办结时限',
            children: item.promisedDays === 0 ? '即办' : `受理后${daysLabel(item.promisedDays)}`,
          },
          { key: 'fee', label: '收费', children: item.fee.charged ? '收费（见办事指南）' : '不收费' },
          {
            key: 'materials',
            label: '申请材料',
            children: `共 ${item.materials.length} 项，其中必需 ${required.length} 项`,
          },
        ]}
      />
      <ol className="notice-materials">
        {item.materials.map((m) => (
          <li key={m.id}>
            {m.name}
            {m.required ? (
              <span className="required">（必需）</span>
            ) : (
              <span className="muted">（非必需）</span>
            )}
            {m.sharedFrom ? <Tag color="green">可免提交</Tag> : null}
            {m.allowDeferred ? <Tag color="gold">可容缺</Tag> : null}
            {m.allowCommitment ? <Tag color="purple">可告知承诺</Tag> : null}
            {m.note ? <span className="muted"> {m.note}</span> : null}
          </li>
        ))}
      </ol>
      <p className="muted notice-foot">
        请如实填写申请信息、提交真实有效的材料。材料不齐全或不符合法定形式的，受理部门将一次性告知需要补正的全部内容；
        选择「容缺后补」的材料须在受理后 {deferredDays} 个工作日内补交，补齐前不作出准予决定。
      </p>
    </div>
  );
}

function sharedNote(code: string, names: Record<string, string>): string {
  const name = names[code];
  const via = code.startsWith('LIC-')
    ? `「${name ?? '电子证照'}」电子证照`
    : `「${name ?? '部门数据'}」数据共享`;
  return `可通过${via}核验免于提交；共享核验接入前请先上传`;
}

/**
 * One row per material: how it is provided (upload, or where the catalog allows 告知承诺 / 容缺后补)
 * and the file. Rows carry `data-material` so people and tests can find a material's upload.
 */
export function MaterialsChooser({
  item,
  value,
  onChange,
  errors,
  applicantName,
  allowDeferred = true,
}: {
  item: Pick<ItemDetail, 'materials'>;
  value: MaterialChoices;
  onChange: (next: MaterialChoices) => void;
  errors: Record<string, string>;
  applicantName: string;
  allowDeferred?: boolean;
}) {
  const names = useSharedSourceNames(item.materials.some((m) => m.sharedFrom));
  const meta = useMeta();
  const deferredDays = useDeferredDays();
  const set = (id: string, choice: MaterialChoice) => onChange({ ...value, [id]: choice });

  return (
    <Table<Material>
      className="apply-materials"
      rowKey="id"
      size="small"
      bordered
      scroll={{ x: 640 }}
      pagination={false}
      dataSource={item.materials}
      onRow={(m) => ({ 'data-material': m.id }) as React.HTMLAttributes<HTMLElement>}
      rowClassName={(m) => (errors[m.id] ? 'row-error' : '')}
      columns={[
        { title: '序号', key: 'no', width: 50, align: 'center', render: (_, __, i) => i + 1 },
        {
          title: '材料名称',
          key: 'name',
          render: (_, m) => (
            <div>
              <span className="material-name">{m.name}</span>{' '}
              {m.required ? <span className="required">必需</span> : <span className="muted">非必需</span>}
              {m.sharedFrom ? (
                <div className="material-shared">
                  <Tag color="green">免提交</Tag>
                  <span className="muted">{sharedNote(m.sharedFrom, names)}</span>
                </div>
              ) : null}
              {m.note ? <div className="muted material-note">{m.note}</div> : null}
              {errors[m.id] ? (
                <div className="field-error" role="alert">
                  {errors[m.id]}
                </div>
              ) : null}
            </div>
          ),
        },
        {
          title: '提交方式',
          key: 'mode',
          width: 230,
          render: (_, m) => {
            const modes: Array<{ value: MaterialChoice['mode']; label: ReactNode }> = [
              { value: 'file', label: '上传' },
            ];
            if (m.allowCommitment)
              modes.push({
                value: 'commitment',
                label: (
                  <Tooltip title="签署告知承诺书代替本材料，部门事后核查">
                    <span>告知承诺</span>
                  </Tooltip>
                ),
              });
            if (m.allowDeferred && allowDeferred)
              modes.push({
                value: 'deferred',
                label: (
                  <Tooltip title={`先行受理，受理后 ${deferredDays} 个工作日内补交`}>
                    <span>容缺后补</span>
                  </Tooltip>
                ),
              });
            if (modes.length === 1) return <span className="muted">上传电子件</span>;
            const current = value[m.id]?.mode ?? 'file';
            return (
              <Radio.Group
                size="small"
                optionType="button"
                value={current}
                aria-label={`${m.name}的提交方式`}
                onChange={(e) => set(m.id, { ...value[m.id], mode: e.target.value })}
                options={modes.map((x) => ({ value: x.value, label: x.label }))}
              />
            );
          },
        },
        {
          title: '材料文件',
          key: 'file',
          width: 320,
          render: (_, m) => {
            const choice = value[m.id] ?? { mode: 'file' as const };
            if (choice.mode === 'commitment')
              return (
                <div className="commitment-text" role="note" aria-label={`${m.name}告知承诺书`}>
                  <strong>告知承诺书</strong>
                  <p>{commitmentText(meta, m.name, applicantName)}</p>
                </div>
              );
            if (choice.mode === 'deferred')
              return (
                <span className="muted">
                  受理后 {deferredDays} 个工作日内在「我的办件」补交，补齐前不作出准予决定
                </span>
              );
            return (
              <FileUpload
                value={choice.file}
                label={m.name}
                onChange={(file) => set(m.id, { mode: 'file', file })}
              />
            );
          },
        },
      ]}
    />
  );
}

export function DeliveryFields({ item }: { item: Pick<ItemDetail, 'handlingModes'> }) {
  const modes = deliveryModes(item.handlingModes);
  return (
    <>
      <Form.Item
        name={['delivery', 'mode']}
        label="办理结果送达方式"
        rules={[{ required: true, message: '请选择送达方式' }]}
      >
        <Radio.Group className="delivery-choices">
          {modes.map((m) => (
            <Radio key={m} value={m}>
              <strong>{DELIVERY[m].label}</strong>
              <span className="muted"> — {DELIVERY[m].hint}</span>
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item noStyle dependencies={[['delivery', 'mode']]}>
        {({ getFieldValue }) =>
          getFieldValue(['delivery', 'mode']) === 'express' ? (
            <Form.Item
              name={['delivery', 'address']}
              label="收件地址"
              rules={[
                { required: true, whitespace: true, message: '快递送达请填写收件地址' },
                { max: 200, message: '收件地址不能超过 200 个字' },
              ]}
            >
              <Input placeholder="省、市、县（区）、街道、门牌号，收件人及电话" maxLength={200} />
            </Form.Item>
          ) : null
        }
      </Form.Item>
    </>
  );
}

/** Required materials with nothing chosen yet (shared ones may be satisfied by the server). */
export function materialProblems(
  item: Pick<ItemDetail, 'materials'>,
  choices: MaterialChoices,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of item.materials) {
    const c = choices[m.id] ?? { mode: 'file' };
    if (c.mode === 'file' && !c.file && m.required && !m.sharedFrom) out[m.id] = `请上传「${m.name}」`;
  }
  return out;
}

/** What is posted; a 告知承诺 carries no text: the server signs the one it showed (GET /api/meta). */
export function materialsPayload(
  item: Pick<ItemDetail, 'materials'>,
  choices: MaterialChoices,
): MaterialInput[] {
  const out: MaterialInput[] = [];
  for (const m of item.materials) {
    const c = choices[m.id];
    if (!c) continue;
    if (c.mode === 'commitment' && m.allowCommitment) out.push({ materialId: m.id, commitment: true });
    else if (c.mode === 'deferred' && m.allowDeferred) out.push({ materialId: m.id, deferred: true });
    else if (c.mode === 'file' && c.file) out.push({ materialId: m.id, fileId: c.file.fileId });
  }
  return out;
}

export function applyBody(
  item: ItemDetail,
  values: ApplyFormValues,
  choices: MaterialChoices,
  applicantId?: string,
): ApplyBody {
  const mode = values.delivery?.mode ?? 'window';
  return {
    itemCode: item.code,
    regionCode: values.regionCode ?? '',
    form: formPayload(item.form, values.form),
    materials: materialsPayload(item, choices),
    delivery: mode === 'express' ? { mode, address: values.delivery?.address?.trim() } : { mode },
    ...(applicantId ? { applicantId } : {}),
  };
}

export interface SortedErrors {
  /** Errors for the antd Form (region, form fields, delivery), by name path. */
  fields: Array<{ name: (string | number)[]; errors: string[] }>;
  /** Errors for a material row, by material id. */
  materials: Record<string, string>;
  /** Errors that name no input: missing materials, the item itself, the applicant. */
  general: string[];
}

/** Puts each server error where the person will look for it: under the input or the material. */
export function sortErrors(errors: FieldError[], posted: MaterialInput[]): SortedErrors {
  const out: SortedErrors = { fields: [], materials: {}, general: [] };
  const byName = new Map<string, string[]>();
  for (const e of errors) {
    const parts = (e.field ?? '').split('.');
    if (parts[0] === 'materials' && parts.length >= 2 && /^\d+$/.test(parts[1]!)) {
      const id = posted[Number(parts[1])]?.materialId;
      if (id) out.materials[id] = e.message;
      else out.general.push(e.message);
    } else if (
      (parts[0] === 'form' && parts.length === 2) ||
      (parts[0] === 'delivery' && parts.length === 2) ||
      e.field === 'regionCode'
    ) {
      const key = parts.join('.');
      byName.set(key, [...(byName.get(key) ?? []), e.message]);
    } else {
      out.general.push(e.message);
    }
  }
  for (const [key, messages] of byName) out.fields.push({ name: key.split('.'), errors: messages });
  return out;
}

/** Everything that will be posted, read back before submitting. */
export function ApplySummary({
  item,
  values,
  choices,
  regionLabel,
  applicant,
}: {
  item: ItemDetail;
  values: ApplyFormValues;
  choices: MaterialChoices;
  regionLabel: string;
  applicant?: string;
}) {
  const impl = item.implementations?.find((i) => i.regionCode === values.regionCode);
  const mode = values.delivery?.mode;
  const rows = formDisplay(item.form, values.form);
  return (
    <div className="apply-summary">
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        title="申请概要"
        items={[
          { key: 'item', label: '申请事项', children: itemTitle(item), span: 'filled' },
          ...(applicant ? [{ key: 'who', label: '申请人', children: applicant }] : []),
          { key: 'region', label: '办理区划', children: regionLabel },
          { key: 'dept', label: '受理部门', children: impl?.departmentName ?? '—' },
          {
            key: 'delivery',
            label: '送达方式',
            children: mode
              ? `${DELIVERY[mode].label}${mode === 'express' && values.delivery?.address ? `：${values.delivery.address}` : ''}`
              : '—',
          },
        ]}
      />
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        title="申请表"
        className="mt16"
        items={rows.map((r) => ({
          key: r.key,
          label: r.label,
          children: displayValue(r.value),
          span: Array.isArray(r.value) ? 'filled' : undefined,
        }))}
      />
      <Descriptions
        size="small"
        bordered
        column={1}
        title="申请材料"
        className="mt16"
        items={item.materials.map((m) => {
          const c = choices[m.id];
          let children: ReactNode = (
            <span key="none" className="muted">
              {m.sharedFrom ? '共享核验' : '未提交'}
            </span>
          );
          if (c?.mode === 'commitment')
            children = (
              <Tag key="c" color="purple">
                告知承诺
              </Tag>
            );
          else if (c?.mode === 'deferred')
            children = (
              <Tag key="d" color="gold">
                容缺后补
              </Tag>
            );
          else if (c?.file) children = <FileLink file={c.file} />;
          return { key: m.id, label: m.name, children };
        })}
      />
    </div>
  );
}

/** The problems of a refused submission that belong to no single field, listed together (一次性告知). */
export function SubmitProblems({ problems }: { problems: string[] }) {
  if (!problems.length) return null;
  return (
    <Alert
      className="mb16"
      type="error"
      showIcon
      title="申请未能提交"
      description={
        <ul className="problem-list">
          {problems.map((g) => (
            <li key={g}>{g}</li>
          ))}
        </ul>
      }
    />
  );
}
