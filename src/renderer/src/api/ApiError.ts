// The error every API call throws when main answers with a typed error, whichever adapter carried it.
import { AppError, isAppErrorData, type AppErrorData } from '../../../shared/errors';
import type { Envelope } from '../../../shared/contract';

/** A typed error from main; `message` is describeError(data), the analyst's sentence. */
export class ApiError extends AppError {
  readonly method: string;
  constructor(method: string, data: AppErrorData) {
    super(data);
    this.name = 'ApiError';
    this.method = method;
  }
}

/** The transport itself failed (the preview server went away, no token): not an answer from main. */
export class TransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportError';
  }
}

/** Opens an envelope: the value, or an ApiError carrying the typed error. */
export function unwrapEnvelope(method: string, envelope: unknown): unknown {
  if (typeof envelope === 'object' && envelope !== null && 'ok' in envelope) {
    const candidate = envelope as Envelope<unknown>;
    if (candidate.ok === true) return candidate.value;
    if (candidate.ok === false && isAppErrorData(candidate.error)) throw new ApiError(method, candidate.error);
  }
  throw new ApiError(method, { kind: 'internal', detail: `${method} returned a reply that is not an envelope` });
}
