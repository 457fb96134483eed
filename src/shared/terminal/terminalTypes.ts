// A terminal session as the window, the command line and the case see it: what it is attached to and how it ended.

export type TerminalTarget = { router: string } | { local: true };

/** How a session ended: the analyst closed it, the shell exited, the connection dropped, it sat idle, FlowPivot closed. */
export type TerminalEndReason = 'closed' | 'exited' | 'connection-lost' | 'idle' | 'shutdown';

export interface TerminalSessionInfo {
  sessionId: string;
  kind: 'router' | 'local';
  /** The router's id; null for the local shell. */
  routerId: string | null;
  /** "lab router (127.0.0.1:2222)", or "this machine (HOSTNAME)". */
  device: string;
  /** What runs: "ssh netops@127.0.0.1:2222", or the local shell's argv joined. */
  title: string;
  startedAt: string;
  /** Whether what is typed and printed is being kept in a live case now. */
  recording: boolean;
}

export interface TerminalExit {
  sessionId: string;
  reason: TerminalEndReason;
  exitCode: number | null;
  /** One sentence for the analyst: what ended it, and where the transcript went. */
  message: string;
  /** The case collections holding the session's transcript, in order (several when it was checkpointed). */
  collectionIds: string[];
}

/** Sizes a terminal may have: xterm's own limits are far above these. */
export const TERMINAL_LIMITS = { minCols: 2, maxCols: 1000, minRows: 1, maxRows: 500, maxInputChars: 64 * 1024 } as const;
