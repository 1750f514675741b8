// What the catalog routes answer. The stored documents passed the strict catalog/v1 schemas at import;
// these are their output shapes (plain objects: an unknown key is dropped on the way out, not a 500).
import { z } from 'zod';
import { CatalogItem, DataResource, LicenceType, Proof } from './catalog-format.js';

export const ItemDetail = z
  .object({
    ...CatalogItem.shape,
    version: z.number().describe('本次返回的版本'),
    currentVersion: z.number().describe('现行版本'),
    publishedAt: z.string().describe('该版本的目录发布日期'),
    withdrawn: z.boolean(),
    resultLicenceName: z.string().nullable(),
    materialReductionRate: z.number().describe('材料精简率：免提交或可告知承诺的材料占比'),
    implementations: z.array(
      z.object({
        regionCode: z.string(),
        regionName: z.string(),
        regionLevel: z.string(),
        departmentCode: z.string(),
        departmentName: z.string(),
      }),
    ),
    bundles: z.array(z.object({ code: z.string(), name: z.string() })),
  })
  .describe('catalog/v1 事项要素，加版本、实施区划与部门、所属一件事');

export const LicenceTypeView = z.object(LicenceType.shape);
export const DataResourceView = z.object(DataResource.shape);
export const ProofView = z.object(Proof.shape);
