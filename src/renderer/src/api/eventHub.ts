// Fan-out of main's events to the renderer's listeners; both adapters feed it.
import type { EventName, Events } from '../../../shared/contract';

type AnyListener = (payload: unknown) => void;

export class EventHub {
  private readonly listeners = new Map<string, Set<AnyListener>>();

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const entry = listener as AnyListener;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  emit(event: string, payload: unknown): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      // One failing listener must not starve the others; the failure still reaches the console.
      try {
        listener(payload);
      } catch (error) {
        reportError(error);
      }
    }
  }
}
