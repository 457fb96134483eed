// `npm start` where Electron cannot run: the same main-process services behind the browser preview on 127.0.0.1.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createServices } from '../api/createServices';
import { defaultConfigDir } from '../config/configDir';
import { MemorySecretStore } from '../config/secretStore';
import { startPreviewServer } from './previewServer';

/** The launch address (token in its #fragment) with ?case=HANDLE in its query. */
function withCase(launchUrl: string, handle: string): string {
  const url = new URL(launchUrl);
  url.searchParams.set('case', handle);
  return url.toString();
}

export async function runPreview(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      'no-lab': { type: 'boolean', default: false },
      scenario: { type: 'string' },
      'config-dir': { type: 'string' },
      'renderer-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      case: { type: 'string' },
    },
  });
  const rendererDir = resolve(values['renderer-dir'] ?? 'out/renderer');
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built (${rendererDir}/index.html is missing): run "npm run build" first, or use "npm start".`);
  }
  const configDir = values['config-dir'] ?? defaultConfigDir();
  const services = await createServices({
    configDir,
    secrets: new MemorySecretStore(),
    mode: 'preview',
    startLab: values['no-lab'] ? false : (values.scenario ?? true),
  });
  const server = await startPreviewServer({ services, rendererDir, port: Number(values.port) });
  const lab = services.lab.status();
  // `--case FILE`: that case opened for review, and the address to open shows it (no network needed).
  const review = values.case === undefined ? null : await services.cases.openCase({ path: values.case, mode: 'review' });
  const openUrl = review === null ? server.launchUrl : withCase(server.launchUrl, review.handle);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ url: openUrl, port: server.port, lab })}\n`);
  } else {
    process.stdout.write(
      [
        'FlowPivot browser preview (the same main-process services as the Electron window).',
        `  Open: ${openUrl}`,
        ...(review === null ? [] : [`  Reviewing case "${review.meta.name}" (${review.path}), read-only: ${review.verify.ok ? 'every hash and the audit chain verified' : `${review.verify.problems.length} integrity problem(s)`}`]),
        `  Config: ${configDir}`,
        lab ? `  Embedded lab router: ${lab.host}:${lab.port}, user ${lab.username}, host key ${lab.fingerprint}` : '  Embedded lab: not started (--no-lab)',
        '  Passwords are kept in memory for this run only (no OS keychain in the preview).',
        '  Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  }
  const stop = async () => {
    await server.close();
    await services.dispose();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (process.argv[1] && /preview[/\\]main\.ts$/.test(process.argv[1])) {
  runPreview(process.argv.slice(2)).catch((error: Error) => {
    process.stderr.write(`flowpivot preview: ${error.message}\n`);
    process.exit(1);
  });
}
