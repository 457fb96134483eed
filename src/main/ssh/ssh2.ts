// The one door to ssh2: installs the shipped legacy DH groups, then loads ssh2, so every client and server gets them.
// ssh2 destructures crypto's functions when it loads, and bundlers hoist static imports above module code,
// so ssh2 is required here at run time, after the install, rather than imported statically.
import { createRequire } from 'node:module';
import type * as Ssh2 from 'ssh2';
import { installLegacyDhGroups } from './legacyDhGroups';

installLegacyDhGroups();
const ssh2 = createRequire(import.meta.url)('ssh2') as typeof Ssh2;

export const Client = ssh2.Client;
export type Client = Ssh2.Client;
export const Server = ssh2.Server;
export type Server = Ssh2.Server;
export const utils = ssh2.utils;
export type {
  AuthContext,
  ClientChannel,
  ConnectConfig,
  Connection,
  ServerChannel,
  Session,
  Algorithms,
  ParsedKey,
  KeyboardInteractiveCallback,
  Prompt,
  ServerConfig,
  PseudoTtyInfo,
  AnyAuthMethod,
  NegotiatedAlgorithms,
} from 'ssh2';
