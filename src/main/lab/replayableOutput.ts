// A command output that is the same on every run, kept as the bytes its first complete unpaged send wrote, so later
// sends replay them at the speed of SSH instead of rendering a million lines again.
//
// The bytes are kept while they are sent, never rendered ahead of the client: the first send streams with backpressure
// exactly as an uncached one, and a send that stops early (a dropped or hung link, the pager quit) keeps nothing.

/** One send's recording: the encoded batches in order; it becomes the replay only if the send completes. */
export interface OutputRecording {
  add(bytes: Buffer): void;
  complete(): void;
}

export class ReplayableOutput implements Iterable<string> {
  private replay: readonly Buffer[] | null = null;

  /**
   * @param render the output's lines (no line ends), pulled lazily; must give the same lines on every call
   * @param maxBytes outputs larger than this are never kept: they are rendered anew on every send
   */
  constructor(
    private readonly render: () => Iterable<string>,
    private readonly maxBytes: number,
  ) {}

  [Symbol.iterator](): Iterator<string> {
    return this.render()[Symbol.iterator]();
  }

  /** The whole output as encoded bytes (CRLF line ends), once a complete send was recorded; null until then. */
  encoded(): readonly Buffer[] | null {
    return this.replay;
  }

  /** A recording for one unpaged send; several sends may record at once, the first to complete is kept. */
  record(): OutputRecording {
    let batches: Buffer[] | null = [];
    let bytes = 0;
    return {
      add: (batch) => {
        if (batches === null) return;
        bytes += batch.length;
        if (bytes > this.maxBytes) batches = null;
        else batches.push(batch);
      },
      complete: () => {
        if (batches !== null && this.replay === null) this.replay = batches;
        batches = null;
      },
    };
  }
}
