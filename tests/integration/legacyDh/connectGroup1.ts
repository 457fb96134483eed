// Child process: under BoringSSL-like crypto, connect with diffie-hellman-group1-sha1 only, with or without the shipped groups.
// Prints one JSON line: { modp2Available, kex?, error? }.
import './boringSslLikeCrypto';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Ssh2 from 'ssh2';

const [mode, portArgument] = process.argv.slice(2);

function modp2Available(): boolean {
  try {
    crypto.createDiffieHellmanGroup('modp2');
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const before = modp2Available();
  let ssh2: typeof Ssh2;
  let port = Number(portArgument);
  let closeLab = async () => undefined as void;
  if (mode === 'shipped') {
    ssh2 = (await import('../../../src/main/ssh/ssh2')) as unknown as typeof Ssh2;
    // Both ends under the same runtime, as when the demo lab runs inside Electron.
    const { startLabRouter } = await import('../../../src/main/lab/labRouter');
    const lab = await startLabRouter({ legacyOnly: true });
    port = lab.port;
    closeLab = () => lab.close();
  } else {
    ssh2 = createRequire(import.meta.url)('ssh2') as typeof Ssh2;
  }
  const result = await new Promise<{ kex?: string; error?: string }>((resolve) => {
    const client = new ssh2.Client();
    let kex: string | undefined;
    client.on('handshake', (negotiated) => (kex = negotiated.kex));
    client.on('ready', () => {
      client.end();
      resolve({ kex });
    });
    client.on('error', (error) => resolve({ error: error.message }));
    client.connect({
      host: '127.0.0.1',
      port,
      username: 'analyst',
      password: 'lab-password',
      readyTimeout: 10_000,
      hostVerifier: () => true,
      algorithms: { kex: ['diffie-hellman-group1-sha1'], cipher: ['aes128-cbc'], serverHostKey: ['ssh-rsa'], hmac: ['hmac-sha1'] },
    });
  });
  await closeLab();
  process.stdout.write(`${JSON.stringify({ modp2AvailableBefore: before, ...result })}\n`);
  process.exit(0);
}

void main();
