// The browser preview's wire format: the contract's calls and events as JSON messages over one WebSocket on 127.0.0.1;
// a server message holding typed arrays (a flow table's columns) comes as one binary frame (binaryValue.ts) instead.

/** The page learns the per-launch token from its URL fragment (`#token=…`, never sent in HTTP requests) and connects to this path with `?token=…`. */
export const previewSocketPath = '/api';

export type PreviewClientMessage = { type: 'call'; id: number; method: string; input: unknown };

export type PreviewServerMessage =
  | { type: 'result'; id: number; envelope: import('./contract').Envelope<unknown> }
  | { type: 'event'; event: string; payload: unknown };
