// What every parser's detect() shares: how much of the text it reads, and how its score is rounded.

/** The most of a text detect() reads: a paste of a million rows is recognised from its start. */
const HEAD_LENGTH = 65536;

/** The start of the text that detect() reads: its first 64 KiB. */
export function detectionHead(text: string): string {
  return text.length > HEAD_LENGTH ? text.slice(0, HEAD_LENGTH) : text;
}

/** A detect() score: at most 1, rounded to two decimals so sums of fractions compare exactly. */
export function detectionScore(score: number): number {
  return Math.min(1, Math.round(score * 100) / 100);
}
