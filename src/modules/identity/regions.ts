/** What identity needs of the catalog's region directory (data scope of staff and admins). */
export interface RegionDirectory {
  /** The region and every region below it. */
  subtree(code: string): Promise<string[]>;
  department(code: string): Promise<{ code: string; regionCode: string } | undefined>;
}
