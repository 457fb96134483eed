// Opens an authenticated ssh2 connection to a device: host key verified first, errors turned into typed AppErrors.
import { Client, utils, type AnyAuthMethod, type ConnectConfig, type NegotiatedAlgorithms as Ssh2Negotiated } from './ssh2';
import { AppError, type AppErrorData } from '../../shared/errors';
import type { NegotiatedAlgorithms, RouterAuthKind } from '../../shared/domain';
import { algorithmsFor } from './algorithms';
import { keyTypeOf, sha256Fingerprint } from './hostKeyFingerprint';
import type { HostKeyVerdict } from './knownHosts';

export interface PresentedHostKey {
  keyType: string;
  fingerprint: string;
  blob: Buffer;
}

export interface SshConnectOptions {
  /** "name (host:port)", used in every error. */
  device: string;
  host: string;
  port: number;
  username: string;
  auth: RouterAuthKind;
  password?: string;
  privateKey?: Buffer;
  /** Where the private key came from, for error messages. */
  privateKeyPath?: string;
  passphrase?: string;
  legacyAlgorithms: boolean;
  /** Decides on the presented host key before any credential is sent. */
  verifyHostKey: (key: PresentedHostKey) => Promise<HostKeyVerdict>;
  readyTimeoutMs?: number;
  keepaliveIntervalMs?: number;
}

export interface SshConnection {
  client: Client;
  hostKey: PresentedHostKey;
  algorithms: NegotiatedAlgorithms;
}

function authMethods(options: SshConnectOptions): AnyAuthMethod[] {
  const { username } = options;
  switch (options.auth) {
    case 'password':
      return [{ type: 'password', username, password: options.password ?? '' }];
    case 'keyboard-interactive':
      return [
        {
          type: 'keyboard-interactive',
          username,
          prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => options.password ?? '')),
        },
      ];
    case 'private-key':
      return [{ type: 'publickey', username, key: options.privateKey ?? Buffer.alloc(0), ...(options.passphrase ? { passphrase: options.passphrase } : {}) }];
  }
}

const HANDSHAKE_CATEGORIES: Array<[RegExp, string, RegExp]> = [
  [/no matching key exchange/, 'key exchange', /\(remote\) KEX method: (.*)/],
  [/no matching host key format/, 'host key', /\(remote\) Host key format: (.*)/],
  [/no matching (?:C->S|S->C) cipher/, 'cipher', /\(remote\) (?:C->S|S->C) cipher: (.*)/],
  [/no matching (?:C->S|S->C) MAC/, 'MAC', /\(remote\) (?:C->S|S->C) MAC: (.*)/],
  [/no matching (?:C->S|S->C) compression/, 'compression', /\(remote\) (?:C->S|S->C) compression: (.*)/],
];

/** Turns ssh2's error into the analyst's kind of error, using what the handshake debug lines said the router offered. */
export function classifySshError(
  error: Error & { level?: string; code?: string },
  context: { device: string; username: string; auth: RouterAuthKind; legacyAlgorithms: boolean; debugLines: string[] },
): AppErrorData {
  const message = error.message ?? String(error);
  for (const [pattern, category, offered] of HANDSHAKE_CATEGORIES) {
    if (pattern.test(message)) {
      const line = context.debugLines.map((debug) => offered.exec(debug)?.[1]).find(Boolean);
      return { kind: 'no-matching-algorithm', device: context.device, category, detail: line ? `the router offers ${line}` : message, legacyEnabled: context.legacyAlgorithms };
    }
  }
  if (/Unknown DH group/i.test(message)) return { kind: 'unknown-dh-group', device: context.device, detail: message };
  if (error.level === 'client-authentication') return { kind: 'auth-failed', device: context.device, username: context.username, methods: context.auth };
  if (error.code === 'ECONNREFUSED') return { kind: 'connect-failed', device: context.device, detail: 'connection refused (nothing listens on that port)' };
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return { kind: 'connect-failed', device: context.device, detail: 'the host name does not resolve' };
  if (error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH') return { kind: 'connect-failed', device: context.device, detail: 'no route to host' };
  if (error.code === 'ETIMEDOUT' || /Timed out while waiting for handshake/.test(message)) return { kind: 'connect-failed', device: context.device, detail: 'timed out waiting for the SSH handshake' };
  return { kind: 'connect-failed', device: context.device, detail: message };
}

function toNegotiated(negotiated: Ssh2Negotiated): NegotiatedAlgorithms {
  return { kex: negotiated.kex, serverHostKey: negotiated.serverHostKey, cipher: negotiated.cs.cipher, mac: negotiated.cs.mac || '(implicit in cipher)' };
}

/** A key that cannot be decrypted is the analyst's problem to fix, not an authentication failure: say so before connecting. */
function checkPrivateKey(options: SshConnectOptions): void {
  if (options.auth !== 'private-key') return;
  const parsed = utils.parseKey(options.privateKey ?? Buffer.alloc(0), options.passphrase);
  const error = parsed instanceof Error ? parsed : Array.isArray(parsed) && parsed.length === 0 ? new Error('no key found in the file') : null;
  if (error) {
    const detail = /passphrase|decrypt|bad/i.test(error.message) ? `the passphrase is wrong or missing (${error.message})` : error.message;
    throw new AppError({ kind: 'private-key-unreadable', device: options.device, path: options.privateKeyPath ?? '(key given inline)', detail });
  }
}

export async function openSshConnection(options: SshConnectOptions): Promise<SshConnection> {
  checkPrivateKey(options);
  return new Promise<SshConnection>((resolve, reject) => {
    const client = new Client();
    const debugLines: string[] = [];
    let hostKey: PresentedHostKey | null = null;
    let refusal: AppErrorData | null = null;
    let algorithms: NegotiatedAlgorithms | null = null;
    let settled = false;
    const fail = (error: AppErrorData) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(new AppError(error));
    };

    client.on('handshake', (negotiated) => {
      algorithms = toNegotiated(negotiated);
    });
    client.on('ready', () => {
      if (settled) return;
      settled = true;
      resolve({ client, hostKey: hostKey!, algorithms: algorithms! });
    });
    client.on('error', (error) => {
      fail(refusal ?? classifySshError(error, { device: options.device, username: options.username, auth: options.auth, legacyAlgorithms: options.legacyAlgorithms, debugLines }));
    });
    client.on('close', () => fail(refusal ?? { kind: 'connect-failed', device: options.device, detail: 'the connection closed before login completed' }));

    const config: ConnectConfig = {
      host: options.host.replace(/^\[|\]$/g, ''),
      port: options.port,
      username: options.username,
      readyTimeout: options.readyTimeoutMs ?? 20_000,
      keepaliveInterval: options.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: 3,
      authHandler: authMethods(options),
      debug: (line: string) => {
        if (line.startsWith('Handshake')) debugLines.push(line);
      },
      hostVerifier: (blob: Buffer, verify: (valid: boolean) => void) => {
        const key: PresentedHostKey = { keyType: keyTypeOf(blob), fingerprint: sha256Fingerprint(blob), blob: Buffer.from(blob) };
        hostKey = key;
        options.verifyHostKey(key).then(
          (verdict) => {
            if (verdict.status === 'trusted') return verify(true);
            refusal =
              verdict.status === 'unknown'
                ? { kind: 'host-key-unknown', device: options.device, keyType: key.keyType, fingerprint: key.fingerprint }
                : verdict.status === 'changed'
                  ? { kind: 'host-key-changed', device: options.device, keyType: key.keyType, expectedFingerprint: verdict.expectedFingerprint, actualFingerprint: key.fingerprint }
                  : { kind: 'host-key-changed', device: options.device, keyType: key.keyType, expectedFingerprint: '(revoked in known_hosts)', actualFingerprint: key.fingerprint };
            verify(false);
          },
          (error: unknown) => {
            refusal = { kind: 'internal', detail: `host key check failed: ${(error as Error).message}` };
            verify(false);
          },
        );
      },
    };
    const algorithmsConfig = algorithmsFor(options.legacyAlgorithms);
    if (algorithmsConfig) config.algorithms = algorithmsConfig;
    client.connect(config);
  });
}
