// Which collector reaches a host: PsExec and friends, SSH, or this machine — chosen by the host's `via`.
import type { CollectorFactory } from '../services/hostService';
import type { HostCollector } from './hostCollector';
import { ConsoleToolRunner } from './process/consoleRunner';
import { PipeToolRunner } from './process/pipeRunner';
import type { ToolRunner } from './process/toolRunner';
import { psexecVersionProbe } from './sysinternals/psexecVersion';
import { SysinternalsCollector } from './sysinternals/sysinternalsCollector';

export interface CollectorFactoryOptions {
  /** Force a runner; by default PsExec gets a console on Windows (it needs one there) and pipes elsewhere. */
  runner?: ToolRunner;
}

export function createCollectorFactory(options: CollectorFactoryOptions = {}): CollectorFactory {
  const runner = options.runner ?? (process.platform === 'win32' ? new ConsoleToolRunner() : new PipeToolRunner());
  const psexecVersion = psexecVersionProbe(runner);
  return ({ target, locate, onRecord }): HostCollector => {
    switch (target.via) {
      case 'psexec':
        return new SysinternalsCollector(target, { runner, locate, onRecord, psexecVersion });
      case 'ssh':
      case 'local':
        throw new Error(`collector for ${target.via} not wired yet`);
    }
  };
}
