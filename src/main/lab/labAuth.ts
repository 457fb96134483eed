// SSH user authentication for the lab router: password, keyboard-interactive and publickey, refused the way a real server refuses.
import { AppError } from '../../shared/errors';
import { utils, type AuthContext, type ParsedKey } from '../ssh/ssh2';

export type LabAuthMethod = 'password' | 'keyboard-interactive' | 'publickey';

export interface LabCredentials {
  username: string;
  password: string;
  methods: readonly LabAuthMethod[];
  authorizedKeys: readonly ParsedKey[];
}

/** IOS's default `ip ssh authentication-retries`: after this many wrong passwords the router hangs up. */
const AUTHENTICATION_RETRIES = 3;

/** Parses OpenSSH public key lines ("ssh-ed25519 AAAA… comment"); a line that is not a key is refused, not skipped. */
export function parseAuthorizedKeys(lines: readonly string[]): ParsedKey[] {
  return lines
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => {
      const parsed = utils.parseKey(line);
      const key = parsed instanceof Error ? undefined : Array.isArray(parsed) ? parsed[0] : parsed;
      if (key === undefined) {
        const detail = parsed instanceof Error ? parsed.message : 'no key found';
        throw new AppError({ kind: 'invalid-input', method: 'lab.start', issues: [`authorized key "${line.slice(0, 40)}…" is not an OpenSSH public key (${detail})`] });
      }
      return key;
    });
}

/**
 * Authentication for one connection. `hangUp` is called after too many wrong passwords.
 * Whether the username or the secret was wrong is never revealed, as on any SSH server.
 */
export function createAuthenticator(credentials: LabCredentials, hangUp: () => void): (context: AuthContext) => void {
  let failures = 0;
  const methodsLeft = [...credentials.methods];
  const refuse = (context: AuthContext, countsAsFailure: boolean) => {
    context.reject(methodsLeft);
    if (countsAsFailure) {
      failures += 1;
      if (failures >= AUTHENTICATION_RETRIES) hangUp();
    }
  };
  return (context) => {
    if (context.method === 'none' || !(credentials.methods as readonly string[]).includes(context.method)) {
      refuse(context, false);
      return;
    }
    const userMatches = context.username === credentials.username;
    switch (context.method) {
      case 'password':
        if (userMatches && context.password === credentials.password) context.accept();
        else refuse(context, true);
        return;
      case 'keyboard-interactive':
        context.prompt([{ prompt: 'Password: ', echo: false }], (answers) => {
          if (userMatches && answers[0] === credentials.password) context.accept();
          else refuse(context, true);
        });
        return;
      case 'publickey': {
        const key = credentials.authorizedKeys.find((candidate) => candidate.getPublicSSH().equals(context.key.data));
        if (!userMatches || key === undefined) {
          refuse(context, false);
          return;
        }
        // Without a signature the client only asks whether this key would do; with one, it must verify.
        if (context.signature === undefined || context.blob === undefined) context.accept();
        else if (key.verify(context.blob, context.signature, context.hashAlgo)) context.accept();
        else refuse(context, true);
        return;
      }
      default:
        refuse(context, false);
    }
  };
}
