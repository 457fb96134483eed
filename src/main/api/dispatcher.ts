// The adapter-independent door to the services: validates a call against the contract, runs it, returns an envelope.
import { isMethodName, methods, type Envelope, type MethodName, type MethodOutput, type MethodParsedInput } from '../../shared/contract';
import { AppError } from '../../shared/errors';

export type Handlers = { [M in MethodName]: (input: MethodParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M> };

export type Dispatch = (method: string, input: unknown) => Promise<Envelope<unknown>>;

export function createDispatcher(handlers: Handlers, onInternalError: (error: unknown, method: string) => void = () => undefined): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method)) return { ok: false, error: { kind: 'unknown-method', method: String(method).slice(0, 80) } };
    const parsed = methods[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`);
      return { ok: false, error: { kind: 'invalid-input', method, issues } };
    }
    try {
      const handler = handlers[method] as (value: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.data };
      onInternalError(error, method);
      return { ok: false, error: { kind: 'internal', detail: (error as Error)?.message ?? String(error) } };
    }
  };
}
