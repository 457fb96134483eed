// Typed errors that cross from main to the renderer and the CLI, and the one place their sentences are written.
import type { PsExecErrorKind } from './domain';

export type AppErrorData =
  | { kind: 'invalid-input'; method: string; issues: string[] }
  | { kind: 'unknown-method'; method: string }
  | { kind: 'not-found'; what: string; id: string }
  | { kind: 'host-key-unknown'; device: string; keyType: string; fingerprint: string }
  | { kind: 'host-key-changed'; device: string; keyType: string; expectedFingerprint: string; actualFingerprint: string }
  | { kind: 'host-key-mismatch'; device: string; fingerprint: string }
  | { kind: 'no-matching-algorithm'; device: string; category: string; detail: string; legacyEnabled: boolean }
  | { kind: 'unknown-dh-group'; device: string; detail: string }
  | { kind: 'connect-failed'; device: string; detail: string }
  | { kind: 'auth-failed'; device: string; username: string; methods: string }
  | { kind: 'missing-secret'; device: string; secret: 'password' | 'enable password' | 'passphrase' | 'private key' }
  | { kind: 'private-key-unreadable'; device: string; path: string; detail: string }
  | { kind: 'enable-failed'; device: string; detail: string }
  | { kind: 'no-prompt'; device: string; lastOutput: string }
  | { kind: 'command-timeout'; device: string; command: string; timeoutMs: number; receivedBytes: number }
  | { kind: 'connection-lost'; device: string; command: string | null; receivedBytes: number }
  | { kind: 'command-rejected'; device: string; command: string; routerMessage: string }
  | { kind: 'command-not-supported'; device: string; command: string; supported: string[] }
  | { kind: 'not-connected'; device: string }
  | { kind: 'lab-not-running' }
  | { kind: 'invalid-host'; host: string; reason: string }
  | { kind: 'invalid-pid'; host: string; pid: string }
  | { kind: 'tool-not-found'; tool: string; searched: string }
  | { kind: 'host-tool-failed'; host: string; tool: string; reason: HostToolFailure; detail: string; exitCode: number | null }
  | { kind: 'host-command-timeout'; host: string; tool: string; timeoutMs: number }
  | { kind: 'host-command-cancelled'; host: string; tool: string }
  | { kind: 'kill-refused'; host: string; pid: number; reason: string; because?: KillRefusal }
  | { kind: 'case-exists'; path: string }
  | { kind: 'case-not-open'; handle: string }
  | { kind: 'case-unreadable'; path: string; detail: string }
  | { kind: 'case-too-new'; path: string; version: number; supported: number }
  | { kind: 'case-needs-upgrade'; path: string; version: number; supported: number }
  | { kind: 'case-read-only'; path: string; action?: string }
  | { kind: 'case-write-failed'; path: string; action: string; detail: string }
  | { kind: 'internal'; detail: string }
  | { kind: 'collector-bind-failed'; address: string; port: number; code: string; detail: string }
  | { kind: 'lab-export-failed'; address: string; port: number; detail: string }
  | { kind: 'terminal-unavailable'; target: string; reason: string }
  | { kind: 'terminal-not-open'; sessionId: string };

export type AppErrorKind = AppErrorData['kind'];

/** Why a kill was refused: the PID now names another process, a protected one (override possible), or never allowed. */
export type KillRefusal = 'pid-reused' | 'protected' | 'not-allowed';

/** Why a host tool failed: PsExec's typed errors, and what SSH and local runs add. */
export type HostToolFailure = PsExecErrorKind | 'connect-failed' | 'auth-failed' | 'exit-code';

/** The cause part of a host tool failure's sentence. */
function hostToolCause(reason: HostToolFailure): string {
  switch (reason) {
    case 'host-unreachable':
      return 'the host could not be reached (is it on, and is File and Printer Sharing allowed through its firewall?)';
    case 'network-path-not-found':
      return 'the network path was not found (wrong name or address, or the ADMIN$ share is not available)';
    case 'access-denied':
      return 'access was denied (the account needs local administrator rights on the host)';
    case 'logon-failure':
      return 'the user name or password was refused';
    case 'service-start-failed':
      return 'the PsExec service could not be started on the host';
    case 'command-not-found':
      return 'the command was not found on the host';
    case 'connect-failed':
      return 'the connection failed';
    case 'auth-failed':
      return 'the login was refused';
    case 'exit-code':
      return 'the tool reported a failure';
    case 'other':
      return 'the tool failed';
  }
}

/** An error with a kind the UI and the CLI can act on; `message` is the analyst's sentence. */
export class AppError extends Error {
  readonly data: AppErrorData;
  constructor(data: AppErrorData) {
    super(describeError(data));
    this.name = 'AppError';
    this.data = data;
  }
}

export function isAppErrorData(value: unknown): value is AppErrorData {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

/** Why a UDP port could not be bound, in words. */
function collectorBindCause(code: string, port: number): string {
  switch (code) {
    case 'EADDRINUSE':
      return 'another program (or another FlowPivot) already listens on that port; stop it or choose another port';
    case 'EACCES':
      return port < 1024 ? `ports below 1024 need administrator rights; choose a port from 1024 up (2055 is the usual NetFlow port)` : 'the system refused this program that port';
    case 'EADDRNOTAVAIL':
      return 'that address is not one of this machine\'s (choose 127.0.0.1, ::1, 0.0.0.0 or an address of one of its interfaces)';
    default:
      return `the system refused (${code})`;
  }
}

/** The sentence shown to the analyst for each kind of error. */
export function describeError(error: AppErrorData): string {
  switch (error.kind) {
    case 'invalid-input':
      return `Refused ${error.method}: ${error.issues.join('; ')}.`;
    case 'unknown-method':
      return `Refused call to unknown method "${error.method}".`;
    case 'not-found':
      return `No ${error.what} with id ${error.id}.`;
    case 'host-key-unknown':
      return `${error.device} presented a host key FlowPivot has not seen before (${error.keyType} ${error.fingerprint}). Compare it with the device's own (a router: show crypto key mypubkey rsa; a server: ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) and accept it only if they match.`;
    case 'host-key-changed':
      return `WARNING: the host key of ${error.device} has CHANGED. Expected ${error.expectedFingerprint}, got ${error.actualFingerprint} (${error.keyType}). The connection was refused: this can mean a man-in-the-middle or a replaced device. Only if the change is known and legitimate, forget the stored key and connect again.`;
    case 'host-key-mismatch':
      return `The host key you accepted for ${error.device} (${error.fingerprint}) is not the one it presents now; nothing was stored.`;
    case 'no-matching-algorithm':
      return error.legacyEnabled
        ? `${error.device} and FlowPivot share no ${error.category} algorithm, even with legacy algorithms enabled (${error.detail}).`
        : `${error.device} offers only ${error.category} algorithms FlowPivot does not use by default (${error.detail}). Old IOS images need legacy algorithms (diffie-hellman-group1-sha1, aes128-cbc, ssh-rsa): enable "Legacy algorithms" for this router to connect.`;
    case 'unknown-dh-group':
      return `${error.device}: the legacy key exchange failed because this runtime lacks the Diffie-Hellman group (${error.detail}).`;
    case 'connect-failed':
      return `Cannot reach ${error.device}: ${error.detail}.`;
    case 'auth-failed':
      return `${error.device} refused the login for user "${error.username}" (tried: ${error.methods}). Check the username and password or key.`;
    case 'missing-secret':
      return `No ${error.secret} is stored for ${error.device}; edit it in the list to enter one.`;
    case 'private-key-unreadable':
      return `Cannot use the private key ${error.path} for ${error.device}: ${error.detail}.`;
    case 'enable-failed':
      return `${error.device} refused the enable password: ${error.detail}.`;
    case 'no-prompt':
      return `${error.device} did not show a CLI prompt (last output: ${JSON.stringify(error.lastOutput.slice(-120))}).`;
    case 'command-timeout':
      return `"${error.command}" on ${error.device} did not finish within ${error.timeoutMs / 1000} s (${error.receivedBytes} bytes received, kept in the log).`;
    case 'connection-lost':
      return error.command
        ? `${error.device} closed the connection during "${error.command}" after ${error.receivedBytes} bytes; the partial output is kept in the log.`
        : `${error.device} closed the connection.`;
    case 'command-rejected':
      return `${error.device} rejected "${error.command}": ${error.routerMessage}`;
    case 'command-not-supported':
      return `Did not send "${error.command}" to ${error.device}: FlowPivot only runs flow commands it can read (${error.supported.join('; ')}).`;
    case 'not-connected':
      return `${error.device} is not connected.`;
    case 'lab-not-running':
      return 'The embedded lab is not running.';
    case 'invalid-host':
      return `Refused host "${error.host}": ${error.reason}.`;
    case 'invalid-pid':
      return `Refused process id "${error.pid}" for ${error.host}: a PID is a whole number from 1 to 4294967295.`;
    case 'tool-not-found':
      return `${error.tool} was not found (searched ${error.searched}). Set its path in the settings or add its folder to PATH.`;
    case 'host-tool-failed':
      return `${error.tool} on ${error.host} failed: ${hostToolCause(error.reason)}${error.detail ? ` — "${error.detail}"` : ''}${error.exitCode !== null ? ` (exit code ${error.exitCode})` : ''}.`;
    case 'host-command-timeout':
      return `${error.tool} on ${error.host} did not finish within ${error.timeoutMs / 1000} s and was stopped; its partial output is kept in the log.`;
    case 'host-command-cancelled':
      return `${error.tool} on ${error.host} was cancelled; its partial output is kept in the log.`;
    case 'kill-refused':
      return `Did not stop process ${error.pid} on ${error.host}: ${error.reason}.`;
    case 'case-not-open':
      return 'That case is not open (it was closed, or FlowPivot restarted): open it again from the recent cases.';
    case 'case-exists':
      return `Did not create the case ${error.path}: a file with that name already exists, and a case file is never overwritten.`;
    case 'case-unreadable':
      return `Cannot open ${error.path}: ${error.detail}; a FlowPivot case file (SQLite) was expected.`;
    case 'case-too-new':
      return `Cannot open ${error.path}: it is a version ${error.version} case file and this FlowPivot reads case files up to version ${error.supported}; open it with a newer FlowPivot (the file was not changed).`;
    case 'case-needs-upgrade':
      return `Cannot open ${error.path} read-only: it is a version ${error.version} case file, which must first be upgraded to version ${error.supported} by opening it writable once (the original is kept beside it as ${error.path}.v${error.version}.bak).`;
    case 'case-read-only':
      return error.action ? `Did not ${error.action} in ${error.path}: the case is open read-only.` : `Did not change ${error.path}: the case is open read-only.`;
    case 'case-write-failed':
      return `Could not ${error.action} in ${error.path}: ${error.detail}; none of it was saved, and the case still holds everything up to the previous change.`;
    case 'internal':
      return `Internal error: ${error.detail}`;
    case 'collector-bind-failed':
      return `Cannot listen for flow exports on UDP ${error.address.includes(':') ? `[${error.address}]` : error.address}:${error.port}: ${collectorBindCause(error.code, error.port)}${error.detail ? ` (${error.detail})` : ''}.`;
    case 'lab-export-failed':
      return `The lab could not send its flow exports to ${error.address.includes(':') ? `[${error.address}]` : error.address}:${error.port}: ${error.detail}.`;
    case 'terminal-unavailable':
      return `Cannot open a terminal on ${error.target}: ${error.reason}.`;
    case 'terminal-not-open':
      return `Terminal session ${error.sessionId} is not open (it ended, or FlowPivot restarted).`;
  }
}
