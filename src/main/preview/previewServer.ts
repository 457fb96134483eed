// The browser preview: serves the built renderer and carries the contract over one WebSocket, on 127.0.0.1 only,
// guarded by a random per-launch token, an Origin check and a Host check (against DNS rebinding).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeBinaryValue, holdsTypedArray } from '../../shared/binaryValue';
import { previewSocketPath, type PreviewClientMessage, type PreviewServerMessage } from '../../shared/previewProtocol';
import type { Services } from '../api/createServices';

export interface PreviewServerOptions {
  services: Pick<Services, 'dispatch' | 'events'>;
  /** Folder holding the built renderer (index.html and assets). */
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
}

export interface PreviewServer {
  url: string;
  /** The URL to open: carries the token in the fragment, which browsers never send to the server. */
  launchUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export const PREVIEW_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const MAX_MESSAGE_BYTES = 1024 * 1024;

function isLoopback(host: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1';
}

function tokensEqual(expected: string, given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new Error(`The browser preview listens on loopback only; refusing ${host}.`);
  const token = options.token ?? randomBytes(24).toString('base64url');
  let origin = '';
  const allowedHosts = new Set<string>();

  const server = createServer((request, response) => {
    if (!allowedHosts.has(request.headers.host ?? '')) return refuse(response, 421, 'Misdirected request');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Method not allowed');
    void serveStatic(options.rendererDir, request, response);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', origin);
    const allowed =
      url.pathname === previewSocketPath &&
      allowedHosts.has(request.headers.host ?? '') &&
      request.headers.origin !== undefined &&
      [...allowedHosts].some((allowedHost) => request.headers.origin === `http://${allowedHost}`) &&
      tokensEqual(token, url.searchParams.get('token'));
    if (!allowed) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => attach(ws, options.services));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  origin = `http://${hostInUrl}:${port}`;
  allowedHosts.add(`${hostInUrl}:${port}`);
  if (host === '127.0.0.1') allowedHosts.add(`localhost:${port}`);

  return {
    url: `${origin}/`,
    launchUrl: `${origin}/#token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function attach(ws: WebSocket, services: PreviewServerOptions['services']): void {
  // A message holding typed arrays (a flow table's columns) goes as one binary frame; the others as JSON text.
  const send = (message: PreviewServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(holdsTypedArray(message) ? encodeBinaryValue(message) : JSON.stringify(message));
  };
  const unsubscribe = services.events.subscribe((event, payload) => send({ type: 'event', event, payload }));
  ws.on('close', unsubscribe);
  ws.on('message', async (data) => {
    let message: PreviewClientMessage;
    try {
      message = JSON.parse(data.toString()) as PreviewClientMessage;
    } catch {
      ws.close(1003, 'not JSON');
      return;
    }
    if (message?.type !== 'call' || typeof message.id !== 'number' || typeof message.method !== 'string') {
      ws.close(1003, 'not a call');
      return;
    }
    const envelope = await services.dispatch(message.method, message.input);
    send({ type: 'result', id: message.id, envelope });
  });
}

function refuse(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}

async function serveStatic(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://preview').pathname);
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
  const file = normalize(join(root, relative));
  if (!file.startsWith(normalize(root) + sep)) return refuse(response, 404, 'Not found');
  try {
    if (!(await stat(file)).isFile()) return refuse(response, 404, 'Not found');
    const body = await readFile(file);
    response.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': PREVIEW_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch {
    refuse(response, 404, 'Not found');
  }
}
