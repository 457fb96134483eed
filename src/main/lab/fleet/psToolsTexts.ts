// The words the simulated PsTools print: banners, usage, and Windows' own error sentences with their codes.
//
// Banners are those of the current Sysinternals releases; the error sentences are Windows' system message texts
// (FormatMessage), worded as in the fixtures under tests/fixtures/psexec-error/ and tests/fixtures/pskill/.
import type { FleetReachability } from './fleetState';

export const CRLF = '\r\n';

/** Lines joined and ended the Windows way. */
export function crlfLines(lines: readonly string[]): string {
  return lines.map((line) => `${line}${CRLF}`).join('');
}

export type FleetToolName = 'psexec' | 'pslist' | 'pskill';

const BANNERS: Record<FleetToolName, readonly string[]> = {
  psexec: ['PsExec v2.43 - Execute processes remotely', 'Copyright (C) 2001-2023 Mark Russinovich', 'Sysinternals - www.sysinternals.com'],
  pslist: ['PsList v1.4 - Process information lister', 'Copyright (C) 2000-2016 Mark Russinovich', 'Sysinternals - www.sysinternals.com'],
  pskill: ['PsKill v1.17 - Terminates processes on local or remote systems', 'Copyright (C) 1999-2023 Mark Russinovich', 'Sysinternals - www.sysinternals.com'],
};

/** The banner as the tools print it: a blank line, three lines, a blank line. */
export function banner(tool: FleetToolName): string {
  return crlfLines(['', ...BANNERS[tool], '']);
}

/** A Windows error: its code (what PsExec exits with) and its sentence. */
export interface WindowsError {
  code: number;
  sentence: string;
}

export const WINDOWS_ERRORS = {
  fileNotFound: { code: 2, sentence: 'The system cannot find the file specified.' },
  accessDenied: { code: 5, sentence: 'Access is denied.' },
  networkPathNotFound: { code: 53, sentence: 'The network path was not found.' },
  invalidParameter: { code: 87, sentence: 'The parameter is incorrect.' },
  serviceNoResponse: { code: 1053, sentence: 'The service did not respond to the start or control request in a timely fashion.' },
  logonFailure: { code: 1326, sentence: 'The user name or password is incorrect.' },
  timeout: { code: 1460, sentence: 'This operation returned because the timeout period expired.' },
  rpcUnavailable: { code: 1722, sentence: 'The RPC server is unavailable.' },
} as const satisfies Record<string, WindowsError>;

/** The error a host's reachability stands for when the tools try to reach it (not 'ok', not the timeout). */
export function reachabilityError(reachability: Exclude<FleetReachability, 'ok' | 'unreachable'>): WindowsError {
  switch (reachability) {
    case 'network-path-not-found':
      return WINDOWS_ERRORS.networkPathNotFound;
    case 'rpc-unavailable':
      return WINDOWS_ERRORS.rpcUnavailable;
    case 'access-denied':
      return WINDOWS_ERRORS.accessDenied;
    case 'service-start-failed':
      return WINDOWS_ERRORS.serviceNoResponse;
  }
}

/** Exit code for a command line the tools cannot read: they return -1, which a POSIX shell sees as 255. */
export const USAGE_EXIT_CODE = 255;

export const PSEXEC_USAGE = crlfLines([
  'PsExec executes a program on a remote system, where remotely executed console',
  'applications execute interactively.',
  '',
  'Usage: psexec [\\\\computer[,computer2[,...] | @file]][-u user [-p psswd][-n s][-r servicename][-h][-l][-s|-e][-x][-i [session]][-c executable [-f|-v]][-w directory][-d][-<priority>][-a n,n,...] cmd [arguments]',
  '     -accepteula This flag suppresses the display of the license dialog.',
  '     -e         Does not load the specified account\'s profile.',
  '     -h         If the target system is Vista or higher, has the process',
  '                run with the account\'s elevated token, if available.',
  '     -l         Run process as limited user (strips the Administrators group',
  '                and allows only privileges assigned to the Users group).',
  '     -n         Specifies timeout in seconds connecting to remote computers.',
  '     -nobanner  Do not display the startup banner and copyright message.',
  '     -p         Specifies optional password for user name. If you omit this',
  '                you will be prompted to enter a hidden password.',
  '     -r         Specifies the name of the remote service to create or interact',
  '                with.',
  '     -s         Run the remote process in the System account.',
  '     -u         Specifies optional user name for login to remote',
  '                computer.',
  '     -w         Set the working directory of the process (relative to',
  '                remote computer).',
  '     -x         Display the UI on the Winlogon secure desktop (local system',
  '                only).',
  '     computer   Direct PsExec to run the application on the remote',
  '                computer or computers specified. If you omit the computer',
  '                name PsExec runs the application on the local system,',
  '                and if you specify a wildcard (\\\\*), PsExec runs the',
  '                command on all computers in the current domain.',
  '     cmd        Name of application to execute.',
  '     arguments  Arguments to pass (note that file paths must be',
  '                absolute paths on the target system).',
  '',
  'You can enclose applications that have spaces in their name with',
  'quotation marks e.g. psexec \\\\marklap "c:\\long name app.exe".',
  'Input is only passed to the remote system when you press the enter key,',
  'and typing Ctrl-C terminates the remote process.',
  '',
  'If you omit a user name the process will run in the context of your',
  'account on the remote system, but will not have access to network',
  'resources (because it is impersonating). Specify a valid user name',
  'in the Domain\\User syntax if the remote process requires access',
  'to network resources or to run in a different account. Note that',
  'the password and command is encrypted in transit to the remote system.',
  '',
  'Error codes returned by PsExec are specific to the applications you',
  'execute, not PsExec.',
  '',
]);

export const PSLIST_USAGE = crlfLines([
  'Usage: pslist [-d][-m][-x][-t][-s [n] [-r n] [\\\\computer [-u username][-p password][name|pid]',
  '     -d          Show thread detail.',
  '     -m          Show memory detail.',
  '     -x          Show processes, memory information and threads.',
  '     -t          Show process tree.',
  '     -s [n]      Run in task-manager mode, for optional seconds specified.',
  '                 Press Escape to abort.',
  '     -r n        Task-manager mode refresh rate in seconds (default is 1).',
  '     \\\\computer  Specifies remote computer.',
  '     -u          Optional user name for remote login.',
  '     -p          Optional password for remote login. If you don\'t present',
  '                 on the command line pslist will prompt you for it if necessary.',
  '     name        Show information about processes that begin with the name',
  '                 specified.',
  '     -e          Exact match the process name.',
  '     pid         Show information about specified process.',
  '',
  'All memory values are displayed in KB.',
  'Abbreviation key:',
  '   Pri         Priority',
  '   Thd         Number of Threads',
  '   Hnd         Number of Handles',
  '   VM          Virtual Memory',
  '   WS          Working Set',
  '   Priv        Private Virtual Memory',
  '   Priv Pk     Private Virtual Memory Peak',
  '   Faults      Page Faults',
  '   NonP        Non-Paged Pool',
  '   Page        Paged Pool',
  '   Cswtch      Context Switches',
  '',
]);

export const PSKILL_USAGE = crlfLines([
  'Usage: pskill [- ] [-t] [\\\\computer [-u username [-p password]]] <process ID | name>',
  '     -t    Kill the process and its descendants.',
  '     -u    Specifies optional user name for login to',
  '           remote computer.',
  '     -p    Specifies optional password for user name. If you omit this',
  '           you will be prompted to enter a hidden password.',
  '',
]);

/** netstat's answer to options it does not have: its usage (abridged) on stdout, exit code 1. */
export const NETSTAT_USAGE = crlfLines([
  '',
  'Displays protocol statistics and current TCP/IP network connections.',
  '',
  'NETSTAT [-a] [-b] [-e] [-f] [-n] [-o] [-p proto] [-r] [-s] [-t] [-x] [-y] [interval]',
  '',
  '  -a            Displays all connections and listening ports.',
  '  -b            Displays the executable involved in creating each connection or',
  '                listening port.',
  '  -n            Displays addresses and port numbers in numerical form.',
  '  -o            Displays the owning process ID associated with each connection.',
  '',
]);
