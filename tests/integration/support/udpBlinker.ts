// A real short-lived UDP sender for watch tests: Node that every `periodMs` binds a UDP socket on 127.0.0.1:PORT, sends
// one datagram to itself, and closes it `openMs` later — a socket that one listing catches only by luck.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';

export interface UdpBlinker {
  pid: number;
  port: number;
  /** On the process's command line, so a ps listing can be searched for it. */
  marker: string;
  /** When each opening started (ms since 1970), as the process reported it. */
  openings: number[];
  stop(): Promise<void>;
}

/** A UDP port free on 127.0.0.1 now. */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

export async function startUdpBlinker(options: { periodMs: number; openMs: number }): Promise<UdpBlinker> {
  const port = await freeUdpPort();
  const marker = `flowpivot-udp-blinker-${randomUUID()}`;
  const script = `
    const dgram = require('node:dgram');
    const [port, periodMs, openMs] = process.argv.slice(1, 4).map(Number);
    const open = () => {
      const socket = dgram.createSocket('udp4');
      socket.bind(port, '127.0.0.1', () => {
        process.stdout.write(Date.now() + '\\n');
        socket.send('beacon', port, '127.0.0.1');
        setTimeout(() => socket.close(), openMs);
      });
    };
    open();
    setInterval(open, periodMs);
  `;
  const child = spawn(process.execPath, ['-e', script, String(port), String(options.periodMs), String(options.openMs), marker], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const openings: number[] = [];
  let text = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const lines = text.split('\n');
      text = lines.pop()!;
      for (const line of lines) openings.push(Number(line));
      if (openings.length > 0) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the UDP sender exited with ${code} before its first opening`)));
  });
  return {
    pid: child.pid!,
    port,
    marker,
    openings,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
