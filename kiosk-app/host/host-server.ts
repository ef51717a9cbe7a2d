import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from '../../common/logger';
import { appRouter } from '../api/router';
import { systemInfoOf, withBootInfo } from '../api/system-info';
import type { KioskConfig } from '../core/config/config-schema';
import type { KioskCore } from '../core/kiosk-core';
import { CONTENT_SECURITY_POLICY } from './content-security-policy';
import { decodedPath } from './request-path';
import { HOST_TOKEN_FRAGMENT, HOST_WS_PROTOCOL } from '../api/host-auth-protocol';
import { bearerMatches, wsProtocolsCarry } from './host-token';

// Transport 2: the api over loopback HTTP (queries, mutations) and WebSocket
// (subscriptions), plus the built renderer. It holds no business logic.

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
};

export interface HostOptions {
  readonly config: KioskConfig;
  /** The core, or its start under way: the host listens first so the window opens at once; calls wait for it. */
  readonly core: KioskCore | Promise<KioskCore>;
  readonly logger: Logger;
  readonly rendererDir: string;
  readonly host?: string;
  readonly port?: number;
  /** The per-boot token every api call and WebSocket must carry (host-token.ts). */
  readonly token: string;
  /** The window reports its attract screen painted (api system.windowShown). */
  readonly onWindowShown?: () => void;
}

export interface RunningHost {
  readonly url: string;
  /** What the kiosk's own window opens: the URL with the token in its fragment (never sent to a server). */
  readonly windowUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
};


export async function startHost(options: HostOptions): Promise<RunningHost> {
  const bindHost = options.host ?? '127.0.0.1';
  let allowedHosts = new Set<string>();
  // Only pages this host served may call the api: a page from elsewhere in the same
  // browser, or a DNS-rebinding name, is refused.
  const trusted = (req: IncomingMessage): boolean => {
    if (!allowedHosts.has(req.headers.host ?? '')) return false;
    const origin = req.headers.origin;
    return origin === undefined || allowedHosts.has(origin.replace(/^https?:\/\//, '').replace(/^wss?:\/\//, ''));
  };

  const { config, core } = options;
  const windowShown = options.onWindowShown ?? (() => undefined);
  const bootInfo = systemInfoOf(config);
  let started: KioskCore | null = null;
  // A failed start is the shell's to report (it closes this host); here it only means "not started".
  Promise.resolve(core).then((c) => (started = c), () => undefined);

  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: 64 * 1024,
    createContext: () => ({ config, core, transport: 'http' as const, source: 'window', windowShown }),
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') options.logger.error('api-error', { path, message: error.message });
    },
  });

  const serveStatic = (req: IncomingMessage, res: ServerResponse) => {
    const urlPath = decodedPath(req.url);
    if (urlPath === null) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad request');
      return;
    }
    const rel = normalize(urlPath).replace(/^([/\\])+/, '');
    let file = join(options.rendererDir, rel);
    if (!file.startsWith(options.rendererDir + sep) && file !== options.rendererDir) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(options.rendererDir, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Renderer not built: run "npm run build:renderer" (npm start does it for you).');
      return;
    }
    const isPage = file === join(options.rendererDir, 'index.html');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': isPage ? 'no-store' : 'public, max-age=3600',
    });
    // The page carries system.info's answer, so the attract screen needs no call before it shows.
    if (isPage) res.end(withBootInfo(readFileSync(file, 'utf8'), bootInfo));
    else createReadStream(file).pipe(res);
  };

  const server = createServer((req, res) => {
    try {
      route(req, res);
    } catch (e) {
      // No request, however malformed, may take the kiosk down or see how it is built.
      options.logger.error('host-request-failed', { message: (e as Error).message });
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('internal error');
    }
  });
  const route = (req: IncomingMessage, res: ServerResponse) => {
    if (!trusted(req)) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden');
      return;
    }
    const path = (req.url ?? '/').split('?')[0]!;
    // The renderer's files are public (no personal data); everything that answers needs the token.
    if ((path === '/healthz' || path.startsWith('/trpc')) && !bearerMatches(req.headers.authorization, options.token)) {
      res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer' });
      res.end(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'this host answers only the kiosk window' } }));
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(started ? { ok: true, state: 'running', components: started.status.all() } : { ok: true, state: 'starting', components: [] }));
      return;
    }
    if (path.startsWith('/trpc/')) {
      trpcHandler(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    serveStatic(req, res);
  };

  // The server selects the plain protocol name, never echoing the token back.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, handleProtocols: (protocols) => (protocols.has(HOST_WS_PROTOCOL) ? HOST_WS_PROTOCOL : false) });
  const wsHandler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext: () => ({ config, core, transport: 'ws' as const, source: 'window', windowShown }),
  });
  // A bad frame or a reset socket is that client's problem; without a listener it would throw.
  wss.on('connection', (ws) => ws.on('error', (e) => options.logger.warn('ws-client-error', { message: e.message })));
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (!trusted(req) || !(req.url ?? '').startsWith('/trpc-ws')) {
      socket.destroy();
      return;
    }
    const auth = req.headers['sec-websocket-protocol'];
    if (!wsProtocolsCarry(auth, options.token) && !bearerMatches(req.headers.authorization, options.token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`${bindHost}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`]);
  const url = `http://${bindHost}:${port}/`;
  return {
    url,
    windowUrl: `${url}#${HOST_TOKEN_FRAGMENT}=${options.token}`,
    port,
    close: async () => {
      wsHandler.broadcastReconnectNotification();
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
