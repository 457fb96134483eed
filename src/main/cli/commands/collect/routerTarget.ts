// `ssh://USER@HOST[:PORT]` as the analyst types it for a router, read into its parts — and never with a password in it.
import type { RouterInput } from '../../../../shared/contract';
import { UsageError } from '../../cliOptions';

export interface RouterAddress {
  username: string;
  host: string;
  port: number;
}

export function parseRouterUrl(text: string): RouterAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`"${text}" is not a router address: expected ssh://USER@HOST[:PORT]`);
  }
  if (url.protocol !== 'ssh:') throw new UsageError(`"${text}" is not a router address: expected ssh://USER@HOST[:PORT]`);
  if (url.password !== '') throw new UsageError('never put a password in the router address (every local user can read a command line): use --password-env VAR');
  if (url.username === '') throw new UsageError(`"${text}" names no user: expected ssh://USER@HOST[:PORT]`);
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '') throw new UsageError(`"${text}" has more than USER@HOST[:PORT] after ssh://`);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { username: decodeURIComponent(url.username), host, port: url.port === '' ? 22 : Number(url.port) };
}

/** How a command line's router is added for its run: by key when `--key` is given, else by password. */
export interface RouterLogin {
  key: string | undefined;
  legacyAlgorithms: boolean | undefined;
  password: string | null;
  passphrase: string | undefined;
  enablePassword?: string | undefined;
  commandTimeoutMs?: number | undefined;
}

export function routerInputFor(address: RouterAddress, login: RouterLogin): RouterInput {
  return {
    name: address.host,
    host: address.host,
    port: address.port,
    username: address.username,
    auth: login.key !== undefined ? 'private-key' : 'password',
    privateKeyPath: login.key ?? null,
    legacyAlgorithms: login.legacyAlgorithms ?? false,
    ...(login.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: login.commandTimeoutMs }),
    ...(login.password === null ? {} : { password: login.password }),
    ...(login.enablePassword === undefined ? {} : { enablePassword: login.enablePassword }),
    ...(login.passphrase === undefined ? {} : { passphrase: login.passphrase }),
  };
}
