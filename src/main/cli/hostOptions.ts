// How the host commands (collect host, kill, sweep) say which host, how it is reached and as whom.
import type { z } from 'zod';
import type { hostInputSchema } from '../../shared/contract';
import type { CliContext } from './cliCommand';
import { oneOf, passwordFrom, secretFromEnv, SSH_OPTIONS, SSH_OPTIONS_HELP, UsageError, wholeNumber } from './cliOptions';

export const VIAS = ['psexec', 'ssh', 'local'] as const;
export type Via = (typeof VIAS)[number];

export const HOST_OPTIONS = {
  via: { type: 'string' },
  user: { type: 'string' },
  port: { type: 'string' },
  os: { type: 'string' },
  timeout: { type: 'string' },
  ...SSH_OPTIONS,
} as const;

export const HOST_OPTIONS_HELP = [
  '  --via psexec|ssh|local  how the host is reached: PsExec/PsList/PsKill (found on PATH), SSH, or this machine',
  '  --user U                account to use (PsExec: DOMAIN\\user, default the current logon; SSH: required)',
  '  --port N                SSH port (default 22)',
  '  --os windows|linux      the host\'s OS (default: windows for psexec, linux for ssh, this machine\'s for local)',
  '  --timeout S             give up on one tool run after S seconds (default 30)',
  ...SSH_OPTIONS_HELP,
];

type HostOptionValues = { [K in keyof typeof HOST_OPTIONS]?: (typeof HOST_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

function defaultOs(via: Via): 'windows' | 'linux' {
  if (via === 'psexec') return 'windows';
  if (via === 'ssh') return 'linux';
  return process.platform === 'win32' ? 'windows' : 'linux';
}

/** The host as the services take it (validated by the same schema as the window's form), with its secrets. */
export async function hostInputFrom(address: string, values: HostOptionValues, context: CliContext): Promise<z.input<typeof hostInputSchema>> {
  const via = oneOf('via', values.via, VIAS);
  if (via === 'local' && address !== 'local') throw new UsageError(`with --via local the host is "local", not "${address}"`);
  if (via === 'ssh' && values.user === undefined) throw new UsageError('--via ssh needs --user');
  if (via !== 'ssh' && (values.key !== undefined || values['known-hosts'] !== undefined)) throw new UsageError(`--key and --known-hosts are for --via ssh, not --via ${via}`);
  const user = values.user ?? '';
  const needsPassword = via === 'ssh' && values.key === undefined;
  const password = via === 'local' ? null : await passwordFrom(values['password-env'], context, needsPassword, `Password for ${user}@${address}: `);
  if (needsPassword && password === null) throw new UsageError(`no password for ${user}@${address}: give --password-env VAR or --key FILE, or run on a terminal to be asked`);
  const passphrase = secretFromEnv('passphrase-env', values['passphrase-env'], context);
  const port = wholeNumber('port', values.port, 65535, 1);
  const timeout = wholeNumber('timeout', values.timeout, 3600, 1);
  const os = values.os === undefined ? defaultOs(via) : oneOf('os', values.os, ['windows', 'linux'] as const);
  return {
    address,
    label: address,
    via,
    os,
    username: user,
    ...(password === null ? {} : { password }),
    ...(passphrase === undefined ? {} : { passphrase }),
    ...(port === undefined ? {} : { port }),
    privateKeyPath: values.key ?? null,
    ...(timeout === undefined ? {} : { timeoutMs: timeout * 1000 }),
  };
}
