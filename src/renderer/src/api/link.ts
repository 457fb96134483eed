// The state of the renderer's line to main, and the API shape the renderer's store is built on.
import type { FlowPivotApi } from '../../../shared/contract';

export type LinkState =
  | { state: 'open' }
  | { state: 'connecting'; attempt: number }
  | { state: 'closed'; reason: string };

/** The contract's API plus what the window needs to know about the transport carrying it. */
export interface RendererApi extends FlowPivotApi {
  readonly transport: 'electron' | 'preview';
  link(): LinkState;
  /** Called on every link change; `open` after a reconnect means events may have been missed. */
  onLinkChange(listener: (state: LinkState) => void): () => void;
}
