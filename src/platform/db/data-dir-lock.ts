import { readFileSync, rmSync, writeFileSync } from 'node:fs';
/**
 * PGlite is one process's database: a second process opening the same directory (a CLI beside the
 * running server, a second server) would corrupt it, and PGlite itself does not refuse. The opener
 * therefore leaves its pid beside the data (`DATA_DIR/pglite.lock`); a pid that no longer runs (a crash) is taken over.
 */
/** Beside the directory, not in it: a dump of the directory must not carry the lock along. */
export const lockFileOf = (dir: string) => `${dir.replace(/\/+$/, '')}.lock`;

export class DataDirInUse extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `数据目录 ${dir} 正被进程 ${pid} 使用（服务正在运行？）。嵌入式数据库同一时间只能由一个进程打开：请先停止服务再运行此命令；若该进程已不存在，删除 ${lockFileOf(dir)} 后重试。`,
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid holding `dir`, or null when no running process does. */
export function dataDirHolder(dir: string): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(lockFileOf(dir), 'utf8'), 10);
  } catch {
    return null;
  }
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null;
}

/** Takes the directory for this process; throws DataDirInUse while another process holds it. */
export function lockDataDir(dir: string): () => void {
  const file = lockFileOf(dir);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
        const holder = dataDirHolder(dir);
        throw holder ? new DataDirInUse(dir, holder) : e;
      }
      const holder = dataDirHolder(dir);
      if (holder) throw new DataDirInUse(dir, holder);
      rmSync(file, { force: true }); // left by a process that is gone
    }
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      if (Number.parseInt(readFileSync(file, 'utf8'), 10) === process.pid) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
}
