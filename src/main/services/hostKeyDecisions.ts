// The analyst's SSH host-key decisions for routers and hosts alike: a key is checked against known_hosts, a key never
// seen waits for the analyst (who must accept exactly that key), and a changed key is only ever forgotten on purpose.
import { AppError } from '../../shared/errors';
import type { HostKeyVerdict, KnownHostsFile } from '../ssh/knownHosts';
import type { PresentedHostKey } from '../ssh/sshConnection';
import type { LogBook } from './logBook';

/** The device a decision is about: its id in the router or host list, its label, and where it listens. */
export interface KeyedDevice {
  id: string;
  label: string;
  host: string;
  port: number;
  /** The router's id for log entries; null for a host. */
  routerId: string | null;
}

export class HostKeyDecisions {
  /** The last key each device presented that was not yet trusted, so `accept` stores exactly that key. */
  private readonly pending = new Map<string, PresentedHostKey>();

  constructor(
    private readonly knownHosts: KnownHostsFile,
    private readonly log: LogBook,
    /**
     * Trust a key never seen before at once and store it (OpenSSH's StrictHostKeyChecking=accept-new): only when the
     * analyst asked for it on the command line. A changed key is refused all the same.
     */
    private readonly policy: { acceptNew: boolean } = { acceptNew: false },
  ) {}

  /** known_hosts' verdict on the key; an unknown key is remembered for `accept`, or stored at once under accept-new. */
  async verify(device: KeyedDevice, key: PresentedHostKey): Promise<HostKeyVerdict> {
    const verdict = await this.knownHosts.verify(device.host, device.port, key.blob);
    if (verdict.status === 'unknown' && this.policy.acceptNew) {
      await this.knownHosts.add(device.host, device.port, key.blob);
      this.log.add({ level: 'warning', kind: 'connection', routerId: device.routerId, device: device.label, command: null, message: `Host key of ${device.label} seen for the first time and stored, as asked (accept new host keys): ${key.keyType} ${key.fingerprint}.`, detail: null });
      return { status: 'trusted' };
    }
    if (verdict.status === 'unknown') this.pending.set(device.id, key);
    else this.pending.delete(device.id);
    return verdict;
  }

  /** Stores the key the device last presented, refused unless `fingerprint` is exactly that key's. */
  async accept(device: KeyedDevice, fingerprint: string): Promise<void> {
    const pending = this.pending.get(device.id);
    if (!pending || pending.fingerprint !== fingerprint) throw new AppError({ kind: 'host-key-mismatch', device: device.label, fingerprint });
    await this.knownHosts.add(device.host, device.port, pending.blob);
    this.pending.delete(device.id);
    this.log.add({ level: 'info', kind: 'connection', routerId: device.routerId, device: device.label, command: null, message: `Host key of ${device.label} accepted by the analyst: ${pending.keyType} ${pending.fingerprint}.`, detail: null });
  }

  /** Removes the stored keys of the device (like `ssh-keygen -R`). */
  async forget(device: KeyedDevice): Promise<void> {
    const removed = await this.knownHosts.forget(device.host, device.port);
    this.log.add({ level: 'warning', kind: 'connection', routerId: device.routerId, device: device.label, command: null, message: `Stored host key of ${device.label} forgotten by the analyst (${removed} known_hosts entr${removed === 1 ? 'y' : 'ies'} removed).`, detail: null });
  }
}
