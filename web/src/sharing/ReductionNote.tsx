import { percent } from './format';

interface Reducible {
  materials: { sharedFrom: string | null; allowCommitment: boolean }[];
  /** Computed by the server (GET /api/catalog/items/:code); absent from older responses. */
  materialReductionRate?: number;
}

/** 材料精简率 beside an item's materials: the share needing no upload (免提交 or 告知承诺). */
export function ReductionNote({ item }: { item: Reducible }) {
  const exempt = item.materials.filter((m) => m.sharedFrom || m.allowCommitment).length;
  const rate = item.materialReductionRate ?? (item.materials.length ? exempt / item.materials.length : 1);
  return (
    <span className="reduction-note">
      ；免提交或可承诺 {exempt} 项，材料精简率 <strong>{percent(rate)}</strong>
    </span>
  );
}
