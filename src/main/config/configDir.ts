// Where FlowPivot keeps its configuration: $FLOWPIVOT_HOME, else the platform's per-user config folder.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLOWPIVOT_HOME) return env.FLOWPIVOT_HOME;
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'FlowPivot');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'FlowPivot');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'flowpivot');
}

export function configPaths(configDir: string) {
  return {
    routers: join(configDir, 'routers.json'),
    hosts: join(configDir, 'hosts.json'),
    knownHosts: join(configDir, 'known_hosts'),
    secrets: join(configDir, 'secrets.json'),
    settings: join(configDir, 'settings.json'),
    labHostKey: join(configDir, 'lab', 'router_host_key'),
    recentCases: join(configDir, 'recent-cases.json'),
    cases: join(configDir, 'cases'),
  };
}
