// `flowpivot terminal`: this terminal attached to a router's CLI over SSH (or to a shell on this machine), through the
// same terminal service as the window's pane, with the transcript recorded into --case FILE.
import type { Events } from '../../../shared/contract';
import type { TerminalTarget } from '../../../shared/terminal/terminalTypes';
import type { CliCommand, CliContext } from '../cliCommand';
import { passwordFrom, readCommandLine, secretFromEnv, SSH_OPTIONS, SSH_OPTIONS_HELP, UsageError } from '../cliOptions';
import { runReporting } from '../cliOutcome';
import { CASE_OPTION, CASE_OPTION_HELP } from '../caseOption';
import { createCliServices } from '../cliServices';
import { parseRouterUrl, routerInputFor } from './collect/routerTarget';

const OPTIONS = {
  local: { type: 'boolean' },
  'legacy-algorithms': { type: 'boolean' },
  ...SSH_OPTIONS,
  ...CASE_OPTION,
} as const;

/** Ctrl-] ends the session from this side, as it does in telnet. */
const DETACH_KEY = '\u001d';

function help(): string {
  return [
    'Usage:',
    '  flowpivot terminal ssh://USER@HOST[:PORT] [--password-env VAR] [--key FILE] [--legacy-algorithms]',
    '                     [--known-hosts FILE] [--accept-new-host-key] [--case FILE]',
    '  flowpivot terminal --local [--case FILE]',
    '',
    '  Attaches this terminal to the router\'s CLI over SSH (host key, credentials and legacy algorithms as in',
    '  "collect router"), or with --local to your shell on this machine. Everything typed and printed is kept, with',
    '  times, in the --case file as a terminal collection (what is typed at a password prompt is masked).',
    '  Ctrl-] ends the session; so does the shell\'s own exit or logout.',
    '',
    '  --local                 a shell on this machine ($SHELL, PowerShell on Windows) instead of a router',
    '  --legacy-algorithms     also offer old IOS algorithms (diffie-hellman-group1-sha1, aes128-cbc, ssh-rsa)',
    ...SSH_OPTIONS_HELP,
    ...CASE_OPTION_HELP,
    '',
    'Exit status: 0 the session ended, 1 it could not be opened or its connection dropped, 2 usage (or no terminal).',
    '',
    'Examples:',
    '  flowpivot terminal --local --case incident.flowpivot',
    '  FP_PW=secret flowpivot terminal ssh://netops@127.0.0.1:2222 --password-env FP_PW --case incident.flowpivot',
    '',
  ].join('\n');
}

async function terminal(args: readonly string[], context: CliContext): Promise<number> {
  const { values, positionals } = readCommandLine(args, OPTIONS);
  const local = values.local === true;
  if (local ? positionals.length !== 0 : positionals.length !== 1) throw new UsageError(local ? '--local takes no router address' : 'give the router as one ssh://USER@HOST[:PORT], or --local');
  const address = local ? null : parseRouterUrl(positionals[0]!);
  const usesKey = values.key !== undefined;
  // Asked for before the terminal goes raw.
  const password = address === null ? null : await passwordFrom(values['password-env'], context, !usesKey, `Password for ${address.username}@${address.host}: `);
  if (address !== null && !usesKey && password === null) throw new UsageError(`no password for ${address.username}@${address.host}: give --password-env VAR or --key FILE`);
  const passphrase = secretFromEnv('passphrase-env', values['passphrase-env'], context);

  const services = await createCliServices(context, { knownHostsPath: values['known-hosts'], acceptNewHostKeys: values['accept-new-host-key'], caseFile: values.case, reportProgress: false });
  try {
    let target: TerminalTarget = { local: true };
    if (address !== null) {
      const router = await services.addRouter(routerInputFor(address, { key: values.key, legacyAlgorithms: values['legacy-algorithms'], password, passphrase }));
      target = { router: router.id };
    }
    const attached = context.rawTerminal?.() ?? null;
    if (attached === null) throw new UsageError('flowpivot terminal needs a terminal to attach: run it in one (stdin is not a TTY)');
    try {
      const exited = new Promise<Events['terminal.exit']>((resolve, reject) => {
        let sessionId: string | null = null;
        // Output can come before open() resolves (a banner): held until the session's id is known.
        const early: Events['terminal.output'][] = [];
        const unsubscribe = services.events.subscribe((event, payload) => {
          if (event === 'terminal.output') {
            const output = payload as Events['terminal.output'];
            if (sessionId === null) early.push(output);
            else if (output.sessionId === sessionId) attached.write(output.data);
          } else if (event === 'terminal.exit' && (payload as Events['terminal.exit']).sessionId === sessionId) {
            unsubscribe();
            resolve(payload as Events['terminal.exit']);
          }
        });
        services.terminals.open(target, attached.size()).then(
          (info) => {
            sessionId = info.sessionId;
            context.stderr(`flowpivot terminal: ${info.title} on ${info.device}${values.case ? `, recorded into ${values.case}` : ' (not recorded: no --case)'}; Ctrl-] ends it.\r\n`);
            for (const output of early.splice(0)) if (output.sessionId === sessionId) attached.write(output.data);
            const close = () => void services.terminals.close(info.sessionId).catch(() => undefined);
            attached.onInput((data) => {
              const detach = data.indexOf(DETACH_KEY);
              if (detach === -1) return services.terminals.input(info.sessionId, data);
              if (detach > 0) services.terminals.input(info.sessionId, data.slice(0, detach));
              close();
            });
            attached.onResize(() => {
              const { cols, rows } = attached.size();
              services.terminals.resize(info.sessionId, cols, rows);
            });
            void context.waitForStop().then(close);
          },
          (error: unknown) => {
            unsubscribe();
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
      const exit = await exited;
      attached.restore();
      context.stderr(`\r\nflowpivot terminal: ${exit.message}\n`);
      const lost = services.evidenceLost(context);
      return exit.reason === 'connection-lost' ? 1 : lost;
    } finally {
      attached.restore();
    }
  } finally {
    services.dispose();
  }
}

export const terminalCommand: CliCommand = {
  name: 'terminal',
  summary: 'Attach this terminal to a router\'s CLI over SSH (or a local shell), the transcript kept in a case',
  help,
  run: (args, context) => runReporting('terminal', context, () => terminal(args, context)),
};
