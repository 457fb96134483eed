// Reaching a fleet host the way the PsTools do: the name resolved, the link's delay waited out (or forever, for a
// host that hangs), the network checked, then the logon. Each failure is the Windows error the real tools report.
import { findFleetHost, localFleetHost, type FleetHost, type FleetState } from './fleetState';
import type { Logon } from './psToolsArgs';
import { CRLF, WINDOWS_ERRORS, reachabilityError, type WindowsError } from './psToolsTexts';

/** What a tool run may touch of its process: the state file, the two output streams, and the console for a password. */
export interface FleetToolContext {
  stateFile: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** One line typed on the console (a password prompted for); null at the end of input. */
  readLine(): Promise<string | null>;
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** A host that never answers: the tool waits until it is killed, as the real ones do. */
export function waitForever(): Promise<never> {
  return new Promise<never>(() => {
    // A pending promise alone would let Node exit; a timer keeps the process waiting.
    setInterval(() => undefined, 1 << 30);
  });
}

/** How far a tool got with a host. */
export type HostReach =
  | { reached: true; host: FleetHost }
  /** `timeout`: nothing answered in time ("Timeout accessing HOST."); otherwise "Couldn't access HOST:" and the sentence. */
  | { reached: false; error: WindowsError; timeout: boolean };

/** The logon to use: the -u password is asked for on the console when only the user was given, as the real tools do. */
export async function completeLogon(logon: Logon, context: FleetToolContext): Promise<Logon> {
  if (logon.user === null || logon.password !== null) return { user: logon.user, password: logon.password };
  context.stderr('Password: ');
  const typed = await context.readLine();
  context.stderr(CRLF);
  return { user: logon.user, password: typed ?? '' };
}

function logonError(host: FleetHost, logon: Logon): WindowsError | null {
  if (logon.user === null) return host.credentials.currentLogon ? null : WINDOWS_ERRORS.accessDenied;
  const user = logon.user.toLowerCase();
  const known = host.credentials.accounts.some((account) => account.user.toLowerCase() === user && account.password === logon.password);
  return known ? null : WINDOWS_ERRORS.logonFailure;
}

/**
 * Reaches the host named after \\ (or the local machine for null) with a complete logon: waits its delay, hangs if
 * it hangs (unless `timeoutSeconds` runs out first), then checks the network and the logon. The PsExec service is
 * PsExec's business.
 */
export async function reachHost(state: FleetState, computer: string | null, logon: Logon, timeoutSeconds: number | null): Promise<HostReach> {
  if (computer === null) return { reached: true, host: localFleetHost(state) };
  const host = findFleetHost(state, computer);
  const reachability = host?.reachability ?? state.unknownHost;
  const hangs = host?.hang === true;
  const waitMs = host?.delayMs ?? 0;
  if (timeoutSeconds !== null && (hangs || waitMs > timeoutSeconds * 1000)) {
    await sleep(timeoutSeconds * 1000);
    return { reached: false, error: WINDOWS_ERRORS.timeout, timeout: true };
  }
  if (waitMs > 0) await sleep(waitMs);
  if (hangs) return waitForever();
  if (reachability === 'unreachable') return { reached: false, error: WINDOWS_ERRORS.timeout, timeout: true };
  if (reachability === 'network-path-not-found' || reachability === 'rpc-unavailable') return { reached: false, error: reachabilityError(reachability), timeout: false };
  if (host === null) throw new Error(`unknown host ${computer} has reachability ${reachability}, which the checks above handle`);
  const refused = logonError(host, logon);
  if (refused !== null) return { reached: false, error: refused, timeout: false };
  if (host.reachability === 'access-denied') return { reached: false, error: WINDOWS_ERRORS.accessDenied, timeout: false };
  return { reached: true, host };
}

/** "Couldn't access HOST:" and Windows' sentence under it, CRLF-ended: how the PsTools report a host they cannot reach. */
export function couldNotAccess(computer: string, error: WindowsError): string {
  return `Couldn't access ${computer}:${CRLF}${error.sentence}${CRLF}`;
}
