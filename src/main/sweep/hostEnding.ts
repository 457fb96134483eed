// How one host of a sweep ended, in the analyst's words: its status and, unless it answered, the one sentence saying
// why — one place for the CLI sweep's records and the window's collection from many hosts.
import { AppError, type AppErrorKind } from '../../shared/errors';
import { sweepCancelledSentence, sweepTimeoutSentence } from '../../shared/sweep/sweepRecords';
import type { SweepOutcome, SweepStatus } from './sweepEngine';

export interface HostEnding {
  status: SweepStatus;
  /** Null when the host answered. */
  sentence: string | null;
  /** The typed error behind the sentence, when there is one. */
  errorKind: AppErrorKind | null;
}

/**
 * `host` is the address as listed, `timeoutMs` the sweep's per-host timeout. A tool run stopped by its own timeout or
 * cancelled on its own (HostService.cancel) counts as a timeout or a cancel, with the run's sentence.
 */
export function hostEnding(outcome: Pick<SweepOutcome<unknown, unknown>, 'status' | 'error' | 'attempts'>, host: string, timeoutMs: number): HostEnding {
  switch (outcome.status) {
    case 'ok':
      return { status: 'ok', sentence: null, errorKind: null };
    case 'timeout':
      return { status: 'timeout', sentence: sweepTimeoutSentence(host, timeoutMs, outcome.attempts), errorKind: null };
    case 'cancelled':
      return { status: 'cancelled', sentence: sweepCancelledSentence(host, outcome.attempts > 0), errorKind: null };
    case 'error': {
      const error = outcome.error;
      if (!(error instanceof AppError)) return { status: 'error', sentence: `Internal error: ${error instanceof Error ? error.message : String(error)}`, errorKind: null };
      const kind = error.data.kind;
      const status = kind === 'host-command-timeout' ? 'timeout' : kind === 'host-command-cancelled' ? 'cancelled' : 'error';
      return { status, sentence: error.message, errorKind: kind };
    }
  }
}
