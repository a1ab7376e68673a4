/**
 * Which process holds a Unix socket, and whether it is stopped. pmc cannot tell a stopped ptp4l from a wrong
 * domain (both give no answer), but the kernel can: /proc/net/unix maps the path to an inode, /proc/<pid>/fd
 * maps the inode to a process, and /proc/<pid>/stat says `T` for a stopped one. Reading other users'
 * /proc/<pid>/fd needs privileges; without them the owner is simply unknown.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';

export interface SocketOwner {
  pid: number;
  /** /proc/<pid>/stat state: R, S, D, T (stopped), t (traced), Z, ... */
  state: string;
  command: string;
}

async function inodeOf(path: string, table = '/proc/net/unix'): Promise<string | null> {
  const text = await readFile(table, 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    // Num RefCount Protocol Flags Type St Inode Path
    if (cols.length >= 8 && cols[7] === path) return cols[6] ?? null;
  }
  return null;
}

async function ownerOf(inode: string, pids: readonly string[]): Promise<SocketOwner | null> {
  const target = `socket:[${inode}]`;
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (link !== target) continue;
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      // The command sits in parentheses and may contain spaces; the state follows the closing one.
      const close = stat.lastIndexOf(')');
      const state = close > 0 ? stat.slice(close + 2, close + 3) : '?';
      const command = stat.slice(stat.indexOf('(') + 1, close);
      return { pid: Number(pid), state, command };
    }
  }
  return null;
}

export async function findSocketOwner(path: string): Promise<SocketOwner | null> {
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((d) => /^\d+$/.test(d));
  const inode = await inodeOf(path);
  if (inode !== null) return ownerOf(inode, pids);
  // /proc/net/unix lists only this network namespace's sockets; a ptp4l in another namespace (a lab, a
  // container) shows its own in /proc/<pid>/net/unix.
  for (const pid of pids) {
    const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
    if (comm !== 'ptp4l') continue;
    const own = await inodeOf(path, `/proc/${pid}/net/unix`);
    if (own !== null) return ownerOf(own, [pid]);
  }
  return null;
}
