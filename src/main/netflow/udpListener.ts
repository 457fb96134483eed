// A UDP socket bound where the analyst said (IPv4 or IPv6 by the address), with bind failures as one clear error
// naming the address and the port.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { AppError } from '../../shared/errors';

export interface UdpListener {
  /** The port actually bound (the one asked for, or the system's choice for 0). */
  address: string;
  port: number;
  close(): Promise<void>;
}

/** Datagrams up to 64 KiB are read whole; a busy exporter needs more than the default few hundred KiB of receive buffer. */
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

export function listenUdp(address: string, port: number, onDatagram: (bytes: Buffer, from: RemoteInfo) => void, onError: (error: Error) => void): Promise<UdpListener> {
  const family = isIP(address);
  if (family === 0) return Promise.reject(new AppError({ kind: 'collector-bind-failed', address, port, code: 'EINVAL', detail: 'not an IP address' }));
  // ipv6Only: "::" means IPv6 only, so binding it never also takes the IPv4 port another program may hold.
  const socket: Socket = createSocket({ type: family === 6 ? 'udp6' : 'udp4', ipv6Only: family === 6, recvBufferSize: RECEIVE_BUFFER_BYTES });
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      socket.close();
      reject(new AppError({ kind: 'collector-bind-failed', address, port, code: error.code ?? 'unknown', detail: error.code ? '' : error.message }));
    };
    socket.once('error', failed);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', failed);
      socket.on('error', onError);
      socket.on('message', onDatagram);
      const bound = socket.address();
      resolve({
        address: bound.address,
        port: bound.port,
        close: () => new Promise<void>((done) => socket.close(() => done())),
      });
    });
  });
}
