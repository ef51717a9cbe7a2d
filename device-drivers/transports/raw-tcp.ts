import { connect, type Socket } from 'node:net';
import { err, ok, type Result } from '../../common/result';

/**
 * Raw TCP (port 9100, "JetDirect"): the printer reads the socket as if it were its cable and
 * writes real-time replies (DLE EOT) back on the same connection.
 */
export interface RawTcpError {
  code: 'refused' | 'unreachable' | 'timeout' | 'failed';
  detail: string;
}

export function parseHostPort(s: string, defaultPort = 9100): Result<{ host: string; port: number }, RawTcpError> {
  const t = s.trim();
  const bad = err<RawTcpError>({ code: 'failed', detail: `not host[:port]: ${s}` });
  // [v6]:port, host:port, host, or a bare IPv6 address (two or more colons).
  const m = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(t) ?? /^([^:\s]+)(?::(\d{1,5}))?$/.exec(t) ?? (/^[0-9a-fA-F:]+$/.test(t) && t.split(':').length > 2 ? [t, t] : null);
  if (!m?.[1]) return bad;
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return bad;
  return ok({ host: m[1], port });
}

export function connectRawTcp(host: string, port: number, timeoutMs = 3000): Promise<Result<Socket, RawTcpError>> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(err({ code: 'timeout', detail: `no connection to ${host}:${port} within ${timeoutMs} ms` }));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(ok(socket));
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const code = e.code === 'ECONNREFUSED' ? 'refused' : e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH' || e.code === 'ENOTFOUND' ? 'unreachable' : 'failed';
      resolve(err({ code, detail: `${host}:${port}: ${e.code ?? e.message}` }));
    });
  });
}
