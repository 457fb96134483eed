// What several flowpivot commands share on their command line: reading options, numbers, the output format, the
// SSH and account options, and passwords (from the environment or typed on a terminal, never from argv).
import { parseArgs, type ParseArgsConfig } from 'node:util';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
import type { CliContext } from './cliCommand';

/** A command line the command cannot use: exit code 2, with the sentence saying what was expected. */
export class UsageError extends Error {}

/** node:util's parseArgs, with its errors turned into usage errors. */
export function readCommandLine<T extends OptionsConfig>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The option's whole number within [min, max]; undefined when not given. */
export function wholeNumber(name: string, text: string | undefined, max: number, min = 0): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) > max || Number(text) < min) throw new UsageError(`--${name} needs a whole number from ${min} to ${max}, got "${text}"`);
  return Number(text);
}

/** The option's value when it is one of `choices`; a usage error naming them otherwise. */
export function oneOf<T extends string>(name: string, text: string | undefined, choices: readonly T[]): T {
  if (text === undefined || !(choices as readonly string[]).includes(text)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}${text === undefined ? '' : `, got "${text}"`}`);
  }
  return text as T;
}

export const OUTPUT_OPTIONS = {
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
} as const;

export function outputFormat(values: { json?: boolean | undefined; csv?: boolean | undefined }): 'json' | 'csv' {
  if (values.json && values.csv) throw new UsageError('give at most one of --json, --csv');
  return values.csv ? 'csv' : 'json';
}

/** How to reach a device over SSH and whose key to trust: the same for routers and hosts. */
export const SSH_OPTIONS = {
  'password-env': { type: 'string' },
  key: { type: 'string' },
  'passphrase-env': { type: 'string' },
  'known-hosts': { type: 'string' },
  'accept-new-host-key': { type: 'boolean' },
} as const;

export const SSH_OPTIONS_HELP = [
  '  --password-env VAR      read the password from environment variable VAR (never give it on the command line;',
  '                          without it, a password is asked for on the terminal when one is needed)',
  '  --key FILE              log in with this private key',
  '  --passphrase-env VAR    the private key\'s passphrase, from environment variable VAR',
  '  --known-hosts FILE      trusted host keys (default: the app\'s own, $FLOWPIVOT_HOME/known_hosts)',
  '  --accept-new-host-key   trust and store a host key never seen before (a CHANGED key is always refused)',
];

/**
 * The password named by `--password-env`: a usage error when that variable is unset or empty. Without the option it
 * is asked for on the terminal when `needed`, and is null when there is no terminal (the login then says what is missing).
 */
/** The secret in the environment variable an option names; undefined without the option, a usage error when unset. */
export function secretFromEnv(option: string, variable: string | undefined, context: CliContext): string | undefined {
  if (variable === undefined) return undefined;
  const value = context.env[variable];
  if (value === undefined || value === '') throw new UsageError(`--${option} ${variable}: that environment variable is not set`);
  return value;
}

export async function passwordFrom(variable: string | undefined, context: CliContext, needed: boolean, question: string): Promise<string | null> {
  if (variable !== undefined) return secretFromEnv('password-env', variable, context) ?? null;
  return needed ? context.promptSecret(question) : null;
}
