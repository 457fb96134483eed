import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createServices, type Services } from '../../src/main/api/createServices';
import { MemorySecretStore } from '../../src/main/config/secretStore';
import { PREVIEW_CSP, startPreviewServer, type PreviewServer } from '../../src/main/preview/previewServer';
import type { PreviewServerMessage } from '../../src/shared/previewProtocol';
import { decodeBinaryValue } from '../../src/shared/binaryValue';
import { recordsOfContents, type CaseContents } from '../../src/shared/case/caseModel';
import { parse as parseShowIpCacheFlow } from '../../src/shared/parsers/cisco/showIpCacheFlow';
import { withTempDir } from '../support/tempDir';

function openSocket(url: string, origin: string | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

/** A call's result, and whether it came as a binary frame (a value holding typed arrays) or as JSON text. */
function callFramed(socket: WebSocket, method: string, input: unknown): Promise<{ message: PreviewServerMessage; binary: boolean }> {
  return new Promise((resolve) => {
    const id = Math.floor(Math.random() * 1e9);
    const listener = (data: WebSocket.RawData, binary: boolean) => {
      const message = (binary ? decodeBinaryValue(new Uint8Array(data as Buffer)) : JSON.parse(data.toString())) as PreviewServerMessage;
      if (message.type === 'result' && message.id === id) {
        socket.off('message', listener);
        resolve({ message, binary });
      }
    };
    socket.on('message', listener);
    socket.send(JSON.stringify({ type: 'call', id, method, input }));
  });
}

async function call(socket: WebSocket, method: string, input: unknown): Promise<PreviewServerMessage> {
  return (await callFramed(socket, method, input)).message;
}

describe('browser preview server', () => {
  let dir: Awaited<ReturnType<typeof withTempDir>>;
  let services: Services;
  let server: PreviewServer;
  let origin: string;

  beforeAll(async () => {
    dir = await withTempDir();
    const rendererDir = join(dir.path, 'renderer');
    await mkdir(rendererDir);
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>FlowPivot</title>');
    await writeFile(join(dir.path, 'secret.txt'), 'not for the browser');
    services = await createServices({ configDir: join(dir.path, 'config'), secrets: new MemorySecretStore(), mode: 'preview' });
    server = await startPreviewServer({ services, rendererDir });
    origin = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server.close();
    await services.dispose();
    await dir.remove();
  });

  it('listens on loopback only', async () => {
    await expect(startPreviewServer({ services, rendererDir: dir.path, host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
    expect(server.url).toBe(`${origin}/`);
  });

  it('serves the renderer with a strict CSP and nothing outside its folder', async () => {
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(PREVIEW_CSP);
    expect(PREVIEW_CSP).toContain("script-src 'self'");
    expect(PREVIEW_CSP).not.toContain('unsafe-eval');
    expect((await fetch(`${origin}/../secret.txt`)).status).toBe(404);
    expect((await fetch(`${origin}/%2e%2e/secret.txt`)).status).toBe(404);
  });

  it('refuses requests for another Host name (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: server.port, path: '/', headers: { Host: 'attacker.example:80' } }, (response) => resolve(response.statusCode ?? 0)).end();
    });
    expect(status).toBe(421);
  });

  it('refuses a WebSocket without the launch token or from another origin', async () => {
    await expect(openSocket(`ws://127.0.0.1:${server.port}/api`, origin)).rejects.toThrow(/403/);
    await expect(openSocket(`ws://127.0.0.1:${server.port}/api?token=wrong`, origin)).rejects.toThrow(/403/);
    await expect(openSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, 'http://evil.example')).rejects.toThrow(/403/);
    await expect(openSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, undefined)).rejects.toThrow(/403/);
  });

  it('carries contract calls to the real services and validates their input', async () => {
    const socket = await openSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, origin);
    const info = await call(socket, 'app.info', {});
    expect(info).toMatchObject({ type: 'result', envelope: { ok: true, value: { mode: 'preview', secretsPersisted: false, firstRun: true } } });
    const bad = await call(socket, 'routers.add', { name: 'x', host: '-s', username: 'u' });
    expect(bad).toMatchObject({ envelope: { ok: false, error: { kind: 'invalid-input', method: 'routers.add' } } });
    socket.close();
  });

  it('sends a flow table as one binary frame that decodes to the columns main holds, and other results as JSON', async () => {
    const socket = await openSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, origin);
    const created = (await call(socket, 'case.create', { name: 'Binary frames', path: join(dir.path, 'frames.flowpivot') })) as { envelope: { ok: true; value: { handle: string } } };
    const handle = created.envelope.value.handle;
    const text = await readFile(join(import.meta.dirname, '../fixtures/ios-ip-cache-flow/seed.txt'), 'utf8');
    const imported = await callFramed(socket, 'case.import', { handle, files: [{ fileName: 'seed.txt', text }] });
    expect(imported.binary).toBe(false);
    const { message, binary } = await callFramed(socket, 'case.contents', { handle });
    expect(binary).toBe(true);
    const contents = (message as { envelope: { ok: true; value: CaseContents } }).envelope.value;
    const flows = contents.collections.find((collection) => collection.kind === 'flows')!;
    expect(flows.kind === 'flows' && flows.table.srcAddr).toBeInstanceOf(Uint32Array);
    expect(recordsOfContents(flows)).toEqual(parseShowIpCacheFlow(text).records);
    socket.close();
  });
});
