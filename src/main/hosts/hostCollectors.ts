// Which collector reaches a host: PsExec and friends, SSH, or this machine — chosen by the host's `via`.
import type { CollectorFactory } from '../services/hostService';
import type { HostCollector } from './hostCollector';
import { LocalHostCollector } from './local/localHostCollector';
import { ConsoleToolRunner } from './process/consoleRunner';
import { sharedLaunchedRunner } from './process/launchedRunner';
import type { ToolLocation } from './process/toolLocator';
import type { ToolRunner } from './process/toolRunner';
import { PSEXEC_VERSION, toolVersionProbe } from './process/toolVersion';
import { SshHostCollector } from './ssh/sshHostCollector';
import { SysinternalsCollector } from './sysinternals/sysinternalsCollector';

export interface CollectorFactoryOptions {
  /**
   * Force a runner; by default PsExec gets a console on Windows (it needs one there) and pipes elsewhere, started by
   * the tool launcher (launchedRunner.ts) so that main's size never slows a start.
   */
  runner?: ToolRunner;
}

export function createCollectorFactory(options: CollectorFactoryOptions = {}): CollectorFactory {
  const runner = options.runner ?? (process.platform === 'win32' ? new ConsoleToolRunner() : sharedLaunchedRunner());
  const versionOf = toolVersionProbe(runner);
  const psexecVersion = (location: ToolLocation) => versionOf(location, PSEXEC_VERSION);
  // Local tools always get pipes: under a console, procps `ps` cuts command lines at the console's width.
  const localRunner = sharedLaunchedRunner();
  const localVersionOf = toolVersionProbe(localRunner);
  return ({ target, locate, onRecord, verifyHostKey }): HostCollector => {
    switch (target.via) {
      case 'psexec':
        return new SysinternalsCollector(target, { runner, locate, onRecord, psexecVersion });
      case 'ssh':
        return new SshHostCollector(target, { verifyHostKey, onRecord });
      case 'local':
        return new LocalHostCollector(target, { onRecord, runner: localRunner, versionOf: localVersionOf });
    }
  };
}
