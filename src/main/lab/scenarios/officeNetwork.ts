// The office scenario's network: its notable addresses and the exchanges (client talking to server) its router's
// flows and its Windows fleet's sockets are both derived from.

/** The office's notable addresses, for its fleet and for tests. */
export const OFFICE = {
  dc: '10.20.5.10', // DNS, Kerberos, LDAP, NTP client
  files: '10.20.5.20',
  mail: '10.20.5.25',
  monitor: '10.20.5.50',
  /** A switch managed over telnet: not a Windows host. */
  coreSwitch: '10.20.5.2',
  router: '192.168.10.1',
  adminWorkstation: '192.168.10.5',
  compromised: '192.168.10.57',
  beaconServer: '203.0.113.66',
  beaconPort: 8443,
} as const;

export interface OfficeEndpoint {
  ifName: string;
  addr: string;
  port: number;
}

/** What an exchange is, in the office's story: decides which process owns its sockets on the lab hosts. */
export type OfficePurpose =
  | 'web' | 'dns' | 'dns-forward' | 'file-share' | 'directory' | 'smtp-out' | 'smtp-in' | 'ntp' | 'ping' | 'telnet'
  | 'router-ssh' | 'branch-file-share' | 'gre' | 'beacon' | 'smb-sweep' | 'rdp';

/** A client talking to a server through the router: one flow each way (one only when the reply does not cross it). */
export interface OfficeExchange {
  purpose: OfficePurpose;
  client: OfficeEndpoint;
  server: OfficeEndpoint;
  protocol: number;
  /** Packets and mean packet size from client to server. */
  requestPackets: number;
  requestSize: number;
  /** Packets and mean packet size back; 0 packets when the reply does not cross the router or never came. */
  replyPackets: number;
  replySize: number;
  activeSeconds: number;
}
