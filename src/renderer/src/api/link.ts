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
  /** The address of this page reviewing the case `handle` (`?case=…`), carrying what the transport needs to reach main. */
  reviewPageUrl(handle: string): string;
}

/** This page's path and query with `case` set to the handle (other parameters kept): a page reviewing that case. */
export function pageWithCase(handle: string): string {
  const params = new URLSearchParams(location.search);
  params.set('case', handle);
  return `${location.pathname}?${params.toString()}`;
}
