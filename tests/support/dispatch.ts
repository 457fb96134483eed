// Calls through the contract dispatcher as the renderer does, for tests: the value, or the typed error.
import type { Services } from '../../src/main/api/createServices';
import type { Envelope, MethodName, MethodOutput } from '../../src/shared/contract';
import type { AppErrorData } from '../../src/shared/errors';

export function dispatchHelpers(services: () => Services) {
  return {
    /** The method's value; throws when it failed. */
    async ok<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
      const envelope = await services().dispatch(method, input);
      if (!envelope.ok) throw new Error(`${method} failed: ${JSON.stringify(envelope.error)}`);
      return envelope.value as MethodOutput<M>;
    },
    /** The method's typed error; throws when it succeeded. */
    async fails(method: MethodName, input: unknown): Promise<AppErrorData> {
      const envelope = (await services().dispatch(method, input)) as Envelope<unknown>;
      if (envelope.ok) throw new Error(`${method} unexpectedly succeeded`);
      return envelope.error;
    },
  };
}
