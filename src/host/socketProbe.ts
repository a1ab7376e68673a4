import { stat } from 'node:fs/promises';
import { connect } from 'node:net';

/**
 * - `alive`: a socket is bound to the path (ptp4l running, possibly stopped or hung).
 * - `absent`: nothing at the path.
 * - `stale`: a socket file nobody is bound to (ptp4l was killed): ECONNREFUSED.
 * - `permission`: we may not write to it (EACCES/EPERM), e.g. ptp4l's 0660 root socket as non-root.
 * - `not-socket`: the path is some other kind of file.
 * - `error`: anything else (`errno` says what).
 */
export type SocketState = 'alive' | 'absent' | 'stale' | 'permission' | 'not-socket' | 'error';

export interface SocketProbeResult {
  readonly path: string;
  readonly state: SocketState;
  readonly errno?: string;
}

function errnoOf(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string'
    ? (e as { code: string }).code
    : 'UNKNOWN';
}

/**
 * Tell a live ptp4l socket from a stale or forbidden one without sending it anything.
 *
 * Node cannot open AF_UNIX datagram sockets, so this connects a *stream* socket to the path. The kernel
 * (unix_find_bsd) checks write permission first (EACCES), then whether a socket is bound to the inode
 * (ECONNREFUSED when not: a stale file), then the socket type: ptp4l's socket is SOCK_DGRAM, so a live one
 * answers EPROTOTYPE. Nothing is queued on ptp4l's socket, so probing never adds to a full queue.
 */
export async function probeSocket(path: string, timeoutMs = 1000): Promise<SocketProbeResult> {
  try {
    const st = await stat(path);
    if (!st.isSocket()) return { path, state: 'not-socket' };
  } catch (e) {
    const errno = errnoOf(e);
    if (errno === 'ENOENT' || errno === 'ENOTDIR') return { path, state: 'absent', errno };
    if (errno === 'EACCES' || errno === 'EPERM') return { path, state: 'permission', errno };
    return { path, state: 'error', errno };
  }
  return new Promise<SocketProbeResult>((resolve) => {
    const sock = connect({ path });
    const done = (r: SocketProbeResult): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(r);
    };
    // A stream listener (only ever a test stand-in) accepts; count it as bound, like EPROTOTYPE.
    sock.once('connect', () => done({ path, state: 'alive' }));
    sock.once('error', (e) => {
      const errno = errnoOf(e);
      switch (errno) {
        case 'EPROTOTYPE':
          return done({ path, state: 'alive', errno });
        case 'ECONNREFUSED':
          return done({ path, state: 'stale', errno });
        case 'EACCES':
        case 'EPERM':
          return done({ path, state: 'permission', errno });
        case 'ENOENT':
          return done({ path, state: 'absent', errno });
        default:
          return done({ path, state: 'error', errno });
      }
    });
    const timer = setTimeout(() => done({ path, state: 'error', errno: 'ETIMEDOUT' }), timeoutMs);
  });
}
