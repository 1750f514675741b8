import { randomUUID } from 'node:crypto';
import { notFound } from '../../platform/errors.js';
import type { Principal } from '../../platform/http/access.js';
import type { Kit } from './kit.js';
import * as repo from './repo.js';

/** 草稿: an applicant's unfinished application, theirs alone. */
export function createDrafts(kit: Kit) {
  const { db } = kit;

  return {
    async save(
      p: Principal,
      id: string | undefined,
      body: { itemCode?: string; regionCode?: string; data: Record<string, unknown> },
    ) {
      const draftId = id ?? randomUUID();
      if (id) {
        const d = await repo.draft(db, id);
        if (!d || d.applicant_id !== p.id) throw notFound('草稿', id);
      }
      await repo.saveDraft(db, {
        id: draftId,
        applicantId: p.id,
        itemCode: body.itemCode ?? null,
        bundleCode: null,
        regionCode: body.regionCode ?? null,
        body: body.data,
      });
      return { id: draftId };
    },
    async list(p: Principal) {
      return (await repo.drafts(db, p.id)).map((d) => ({
        id: d.id,
        itemCode: d.item_code,
        regionCode: d.region_code,
        data: d.body as Record<string, unknown>,
        updatedAt: (d.updated_at as Date).toISOString(),
      }));
    },
    async remove(p: Principal, id: string) {
      const d = await repo.draft(db, id);
      if (!d || d.applicant_id !== p.id) throw notFound('草稿', id);
      await repo.deleteDraft(db, id);
    },
  };
}
