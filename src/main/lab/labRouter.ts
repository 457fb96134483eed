// The embedded lab router: a simulated Cisco IOS device behind a real SSH server on loopback, for the app's demo mode and for every test.
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import type { LabInfo, LabScenarioInfo } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { Server, type Algorithms, type Connection, type ServerChannel } from '../ssh/ssh2';
import { fingerprintOf, generateRsaHostKey, loadOrCreateHostKey, parseHostKey, type LabHostKey } from './hostKey';
import { IosExecSession, type IosRouterSettings } from './iosExecSession';
import { LOGIN_BANNER } from './iosTexts';
import { ReplayableOutput } from './replayableOutput';
import { createAuthenticator, parseAuthorizedKeys, type LabAuthMethod, type LabCredentials } from './labAuth';
import { isLoopbackAddress } from './loopback';
import { DEFAULT_LAB_SCENARIO, findLabScenario, LAB_SCENARIOS, labScenarioInfos } from './scenarios/registry';
import { TerminalClosedError, TerminalInput } from './terminalInput';
import { TerminalOutput, type OutputFaults } from './terminalOutput';

export { fingerprintOf };

export interface LabRouterOptions {
  /** Default '127.0.0.1'; anything but 127.0.0.0/8 or ::1 is refused. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default DEFAULT_LAB_SCENARIO ('investigation'); see labScenarios(). */
  scenario?: string;
  /** Prompt name, default 'Router'. */
  hostname?: string;
  username?: string;
  password?: string;
  enablePassword?: string;
  /** Default ['password', 'keyboard-interactive']. */
  authMethods?: Array<'password' | 'keyboard-interactive' | 'publickey'>;
  /** OpenSSH public key lines accepted for publickey auth. */
  authorizedKeys?: string[];
  /** Load the RSA host key from here, or create it there (PEM, mode 0600) if missing, so the lab keeps its key across runs. */
  hostKeyPath?: string;
  /** Use this private key (tests use it to simulate a changed key). Without it or hostKeyPath: one RSA key generated per process. */
  hostKey?: string | Buffer;
  /** Offer only what old IOS offers: kex diffie-hellman-group1-sha1 and group14-sha1, CBC ciphers, ssh-rsa, hmac-sha1. */
  legacyOnly?: boolean;
  /** Command output in chunks of chunkBytes, delayMs apart. */
  slowOutput?: { chunkBytes: number; delayMs: number };
  /** Destroy the TCP connection after this many bytes of a show command's output. */
  dropAfterBytes?: number;
  /** Stop sending (no prompt, connection stays open) after this many bytes of a show command's output. */
  hangAfterBytes?: number;
  /** `terminal length` answers "% Invalid input", forcing clients onto --More-- handling. */
  rejectTerminalLength?: boolean;
  /** Size of generated scenarios (the `large` scenario; default 1,000,000). */
  flowCount?: number;
}

export interface LabRouter {
  host: string;
  port: number;
  username: string;
  password: string;
  enablePassword: string;
  /** OpenSSH style: 'SHA256:' + unpadded base64 of sha256(raw public key blob). */
  fingerprint: string;
  hostKeyType: string;
  scenario: string;
  /** Every line typed at a prompt (and every exec request), in order. Enable passwords are not commands and are not logged. */
  commandLog: Array<{ at: string; command: string; session: number }>;
  info(): LabInfo;
  /** Stops listening and ends all sessions. */
  close(): Promise<void>;
}

export const LAB_DEFAULTS = {
  host: '127.0.0.1',
  scenario: DEFAULT_LAB_SCENARIO,
  hostname: 'Router',
  username: 'analyst',
  password: 'lab-password',
  enablePassword: 'lab-enable',
  authMethods: ['password', 'keyboard-interactive'] as LabAuthMethod[],
};

/** What a 12.x-era IOS offers: the only algorithms a legacyOnly lab accepts. */
export const LEGACY_IOS_ALGORITHMS: Algorithms = {
  kex: ['diffie-hellman-group1-sha1', 'diffie-hellman-group14-sha1'],
  cipher: ['aes128-cbc', '3des-cbc', 'aes256-cbc'],
  serverHostKey: ['ssh-rsa'],
  hmac: ['hmac-sha1'],
  compress: ['none'],
};

/** IOS's SSH identification: clients see "SSH-2.0-Cisco-1.25". */
const IOS_SSH_IDENT = 'Cisco-1.25';
/** A plausible uptime for `show version` when the lab starts: 3 weeks, 2 days, 4 hours, 17 minutes. */
const UPTIME_AT_START_SECONDS = ((3 * 7 + 2) * 24 + 4) * 3600 + 17 * 60;
/**
 * The largest `show ip cache flow` the router keeps as bytes to replay (about 1.5 M flows of the large scenario): a
 * bigger one is rendered anew for every request rather than held in memory.
 */
const MAX_REPLAYED_OUTPUT_BYTES = 128 * 1024 * 1024;
/** After close() asks connections to end, how long they get before their sockets are destroyed. */
const CLOSE_GRACE_MS = 250;

export function labScenarios(): LabScenarioInfo[] {
  return labScenarioInfos();
}

function refuse(issue: string): AppError {
  return new AppError({ kind: 'invalid-input', method: 'lab.start', issues: [issue] });
}

function checkByteCount(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw refuse(`${name} must be a whole number of bytes, got ${value}`);
}

/** Generating an RSA key takes up to a second; labs started without a key share one per process, as one router would. */
let processHostKey: Promise<LabHostKey> | undefined;

async function resolveHostKey(options: LabRouterOptions): Promise<LabHostKey> {
  if (options.hostKey !== undefined) return parseHostKey(options.hostKey, 'hostKey option');
  if (options.hostKeyPath !== undefined) return loadOrCreateHostKey(options.hostKeyPath);
  processHostKey ??= generateRsaHostKey().then(
    (key) => parseHostKey(key, 'generated host key'),
    (error: unknown) => {
      processHostKey = undefined;
      throw error;
    },
  );
  return processHostKey;
}

export async function startLabRouter(options: LabRouterOptions = {}): Promise<LabRouter> {
  const host = options.host ?? LAB_DEFAULTS.host;
  if (!isLoopbackAddress(host)) {
    throw refuse(`the lab router listens only on loopback (127.0.0.0/8 or ::1), not on "${host}"`);
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw refuse(`port must be 0..65535, got ${port}`);
  const scenarioName = options.scenario ?? LAB_DEFAULTS.scenario;
  const scenario = findLabScenario(scenarioName);
  if (scenario === undefined) {
    throw refuse(`unknown lab scenario "${scenarioName}" (known: ${LAB_SCENARIOS.map((known) => known.name).join(', ')})`);
  }
  if (options.flowCount !== undefined && (!Number.isInteger(options.flowCount) || options.flowCount < 0)) {
    throw refuse(`flowCount must be a whole number, got ${options.flowCount}`);
  }
  checkByteCount('dropAfterBytes', options.dropAfterBytes);
  checkByteCount('hangAfterBytes', options.hangAfterBytes);
  if (options.slowOutput !== undefined && (options.slowOutput.chunkBytes < 1 || options.slowOutput.delayMs < 0)) {
    throw refuse('slowOutput needs chunkBytes >= 1 and delayMs >= 0');
  }
  const hostKey = await resolveHostKey(options);
  if (options.legacyOnly && hostKey.type !== 'ssh-rsa') {
    throw refuse(`legacyOnly needs an ssh-rsa host key, the key given is ${hostKey.type}`);
  }
  const credentials: LabCredentials = {
    username: options.username ?? LAB_DEFAULTS.username,
    password: options.password ?? LAB_DEFAULTS.password,
    methods: options.authMethods ?? LAB_DEFAULTS.authMethods,
    authorizedKeys: parseAuthorizedKeys(options.authorizedKeys ?? []),
  };
  const faults: OutputFaults = {};
  if (options.slowOutput !== undefined) faults.slowOutput = options.slowOutput;
  if (options.dropAfterBytes !== undefined) faults.dropAfterBytes = options.dropAfterBytes;
  if (options.hangAfterBytes !== undefined) faults.hangAfterBytes = options.hangAfterBytes;
  const settings: IosRouterSettings = {
    hostname: options.hostname ?? LAB_DEFAULTS.hostname,
    username: credentials.username,
    enablePassword: options.enablePassword ?? LAB_DEFAULTS.enablePassword,
    scenario,
    showIpCacheFlow: new ReplayableOutput(() => scenario.showIpCacheFlow({ flowCount: options.flowCount }), MAX_REPLAYED_OUTPUT_BYTES),
    faults,
    rejectTerminalLength: options.rejectTerminalLength ?? false,
    uptimeSecondsAtStart: UPTIME_AT_START_SECONDS,
    startedAt: Date.now(),
  };
  const router = new SshLabRouter(host, hostKey, credentials, settings, options.legacyOnly ?? false);
  await router.listen(port);
  return router;
}

/** One SSH connection and the TCP socket under it. */
interface LabConnection {
  ssh: Connection;
  socket: Socket;
  openChannels: number;
}

class SshLabRouter implements LabRouter {
  readonly host: string;
  port = 0;
  readonly username: string;
  readonly password: string;
  readonly enablePassword: string;
  readonly fingerprint: string;
  readonly hostKeyType: string;
  readonly scenario: string;
  readonly commandLog: Array<{ at: string; command: string; session: number }> = [];

  private readonly ssh: Server;
  private readonly listener: NetServer;
  /** Sockets by "address:port" of the client, so an SSH connection can find (and cut) its TCP connection. */
  private readonly sockets = new Map<string, Socket>();
  private readonly connections = new Set<LabConnection>();
  private readonly sessions = new Set<AbortController>();
  private sessionCount = 0;
  private closing: Promise<void> | undefined;

  constructor(
    host: string,
    hostKey: LabHostKey,
    private readonly credentials: LabCredentials,
    private readonly settings: IosRouterSettings,
    legacyOnly: boolean,
  ) {
    this.host = host;
    this.username = credentials.username;
    this.password = credentials.password;
    this.enablePassword = settings.enablePassword;
    this.fingerprint = hostKey.fingerprint;
    this.hostKeyType = hostKey.type;
    this.scenario = settings.scenario.name;
    this.ssh = new Server(
      { hostKeys: [hostKey.privateKey], banner: LOGIN_BANNER, ident: IOS_SSH_IDENT, ...(legacyOnly ? { algorithms: LEGACY_IOS_ALGORITHMS } : {}) },
      (connection, info) => this.accept(connection, `${info.ip}:${info.port}`),
    );
    // ssh2 runs the protocol; the lab owns the listening socket so it can bind to loopback only and cut connections at will.
    this.listener = createServer((socket) => {
      const key = `${socket.remoteAddress}:${socket.remotePort}`;
      this.sockets.set(key, socket);
      socket.once('close', () => this.sockets.delete(key));
      if (this.closing) socket.destroy();
      else this.ssh.injectSocket(socket);
    });
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        const failure = new AppError({ kind: 'internal', detail: `the lab router cannot listen on ${this.host}:${port}: ${error.message}` });
        // Keep the errno code: callers retry on another port when theirs is taken (EADDRINUSE).
        reject(Object.assign(failure, { code: error.code, cause: error }));
      };
      this.listener.once('error', onError);
      this.listener.listen({ host: this.host, port, ipv6Only: this.host.includes(':') }, () => {
        this.listener.off('error', onError);
        const address = this.listener.address();
        if (address !== null && typeof address === 'object') this.port = address.port;
        resolve();
      });
    });
  }

  info(): LabInfo {
    return {
      host: this.host,
      port: this.port,
      username: this.username,
      password: this.password,
      enablePassword: this.enablePassword,
      fingerprint: this.fingerprint,
      scenario: this.scenario,
      routerId: null,
    };
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.listener.close(() => resolve()));
    for (const session of this.sessions) session.abort();
    const sockets = [...this.sockets.values()];
    // A goodbye (SSH_MSG_DISCONNECT) where the handshake got that far, a plain FIN elsewhere; whatever lingers is destroyed.
    for (const connection of this.connections) connection.ssh.end();
    for (const socket of sockets) socket.end();
    await Promise.race([
      Promise.all(sockets.map((socket) => (socket.closed ? undefined : new Promise((resolve) => socket.once('close', resolve))))),
      new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref()),
    ]);
    for (const socket of this.sockets.values()) socket.destroy();
    await stopped;
  }

  private accept(ssh: Connection, remote: string): void {
    const socket = this.sockets.get(remote);
    if (socket === undefined) {
      ssh.end();
      return;
    }
    const connection: LabConnection = { ssh, socket, openChannels: 0 };
    this.connections.add(connection);
    socket.once('close', () => this.connections.delete(connection));
    // A client that resets, fails to negotiate or times out ends only its own connection; the client reports the reason itself.
    ssh.on('error', () => socket.destroy());
    ssh.on('authentication', createAuthenticator(this.credentials, () => ssh.end()));
    ssh.on('ready', () => {
      ssh.on('session', (acceptSession) => {
        const session = acceptSession();
        let rows = 0;
        session.on('pty', (acceptPty, _reject, pty) => {
          rows = pty.rows;
          acceptPty?.();
        });
        session.on('window-change', (acceptChange, _reject, size) => {
          rows = size.rows;
          acceptChange?.();
        });
        session.on('env', (acceptEnv) => acceptEnv?.());
        session.on('shell', (acceptShell) => this.runSession(connection, acceptShell(), () => rows, undefined));
        session.on('exec', (acceptExec, _reject, exec) => this.runSession(connection, acceptExec(), () => rows, exec.command));
      });
    });
  }

  /** Runs the IOS CLI on a shell or exec channel; when the CLI ends the session, IOS closes the whole connection. */
  private runSession(connection: LabConnection, channel: ServerChannel, rows: () => number, execCommand: string | undefined): void {
    const session = ++this.sessionCount;
    const controller = new AbortController();
    this.sessions.add(controller);
    connection.openChannels += 1;
    const input = new TerminalInput(controller.signal);
    const output = new TerminalOutput(channel, controller.signal);
    channel.on('data', (data: Buffer) => input.push(data));
    channel.on('end', () => input.end());
    channel.on('error', () => controller.abort());
    channel.on('close', () => {
      controller.abort();
      this.sessions.delete(controller);
      connection.openChannels -= 1;
    });
    const ios = new IosExecSession(this.settings, {
      input,
      output,
      rows,
      remoteAddress: connection.socket.remoteAddress ?? this.host,
      dropConnection: () => cutConnection(connection.socket),
      logCommand: (command) => this.commandLog.push({ at: new Date().toISOString(), command, session }),
    });
    const run = execCommand === undefined ? ios.runShell().then(() => 0) : ios.runExec(execCommand);
    run.then(
      (exitStatus) => {
        channel.exit(exitStatus);
        channel.end();
        channel.once('close', () => {
          if (connection.openChannels === 0) connection.ssh.end();
        });
      },
      (error: unknown) => {
        if (error instanceof TerminalClosedError) return;
        // A defect in the lab itself: say so on the terminal and in the log, then hang up.
        const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
        console.error(`FlowPivot lab router: session ${session} failed: ${detail}`);
        if (channel.writable) channel.end(`\r\n% Lab router internal error: ${error instanceof Error ? error.message : String(error)}\r\n`);
      },
    );
  }
}

/** Simulates a lost link: lets what was written leave, then destroys the TCP connection without an SSH goodbye. */
function cutConnection(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    socket.write(Buffer.alloc(0), () => {
      socket.destroy();
      resolve();
    });
  });
}
