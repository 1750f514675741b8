import { transaction } from '../../platform/db/unit-of-work.js';
import { conflict, forbidden, notFound, validationFailed } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events.js';
import type { Principal } from '../../platform/http/access.js';
import type { Kit } from './kit.js';
import type { Presentation } from './presentation.js';
import * as repo from './repo.js';
import { actsAs, canRead } from './scope.js';
import { STATUS_LABEL, TERMINAL } from './state.js';

/** Supplying a material later: a 补正 or an owed 容缺 material. */
export function createMaterials(kit: Kit, { present }: Presentation) {
  const { db, deps, scopeOf } = kit;

  return {
    async supplyMaterial(p: Principal, id: string, input: { materialId: string; fileId: string }) {
      const ctx = await scopeOf(p);
      const f = await deps.files.getFile(input.fileId);
      await transaction(db, async (tx) => {
        const c = await repo.lockCase(tx, id);
        if (!c) throw notFound('办件', id);
        // Outside the caller's reach: answered as if it did not exist (platform/authz, 404); a case it
        // may see but an action its role or scope may never take is 403, whatever the state.
        if (!canRead(p, c, ctx)) throw notFound('办件', id);
        const actor = actsAs(p, 'applicant', c, ctx)
          ? 'applicant'
          : actsAs(p, 'window', c, ctx)
            ? 'window'
            : null;
        if (!actor) throw forbidden('只有申请人或综合窗口可以补交材料');
        const m = (await repo.materials(tx, id)).find((x) => x.material_id === input.materialId);
        if (!m)
          throw validationFailed([{ field: 'materialId', message: `办件没有材料 ${input.materialId}` }]);
        if (TERMINAL.includes(c.status))
          throw conflict('case_state', `办件已${STATUS_LABEL[c.status]}，不能再补交材料`);
        if (m.status !== 'missing' && m.status !== 'deferred')
          throw conflict('material_not_owed', `材料「${m.name}」无需补交`);
        if (!f || ![c.applicant_id, p.id].includes(f.owner_id)) {
          throw validationFailed([{ field: 'fileId', message: '文件不存在或不属于申请人，请重新上传' }]);
        }
        await repo.updateMaterial(tx, id, m.material_id, {
          status: 'provided',
          file_id: input.fileId,
          supplied_at: new Date(),
        });
        await repo.updateCase(tx, id, {});
        await appendEvent(tx, {
          aggregateType: 'case',
          aggregateId: id,
          type: 'material-supplied',
          actorId: p.id,
          regionCode: c.region_code,
          payload: { materialId: m.material_id, fileId: input.fileId, wasOwed: m.status === 'deferred' },
        });
      });
      return present((await repo.findCase(db, id))!, { events: true, viewer: p });
    },
  };
}
