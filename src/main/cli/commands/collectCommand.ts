// `flowpivot collect router|host`: the collections the window makes, one per command, printed as `flowpivot parse` does.
import type { CliCommand, CliContext } from '../cliCommand';
import { UsageError } from '../cliOptions';
import { runReporting } from '../cliOutcome';
import { COLLECT_HOST_HELP, collectHost } from './collect/collectHost';
import { COLLECT_ROUTER_HELP, collectRouter } from './collect/collectRouter';

function help(): string {
  return [
    'Usage:',
    `  ${COLLECT_ROUTER_HELP.join('\n  ')}`,
    '',
    `  ${COLLECT_HOST_HELP.join('\n  ')}`,
    '',
    'Data goes to stdout; progress, connection notes and unreadable lines to stderr.',
    'Host keys: a key never seen before is refused unless --accept-new-host-key (or the app already trusts it);',
    'a changed key is always refused, with both fingerprints.',
    'Exit status: 0 collected, 1 the collection failed (the sentence names the device and the cause), 2 usage.',
    '',
  ].join('\n');
}

function run(args: readonly string[], context: CliContext): Promise<number> {
  return runReporting('collect', context, () => {
    const [what, ...rest] = args;
    if (what === 'router') return collectRouter(rest, context);
    if (what === 'host') return collectHost(rest, context);
    throw new UsageError(`collect what? "router" or "host"${what === undefined ? '' : `, not "${what}"`}`);
  });
}

export const collectCommand: CliCommand = {
  name: 'collect',
  summary: 'Collect flows from a router (SSH) or sockets/processes from a host, as JSON or CSV',
  help,
  run,
};
