// Does a word occur in the text of a number or a dotted quad? Answered from the value, without building the text, so
// the quick filter reads a million addresses and counters without a million strings.

/** Whether the decimal text of the whole number `value` contains `digits` (a non-empty string of 0-9). */
export function digitsContain(value: number, digits: string, digitsValue: number, power: number): boolean {
  // power = 10 ** digits.length. A window of digits.length digits starting j digits from the right is
  // floor(value / 10^j) mod power, and it is all inside the number while floor(value / 10^j) >= 10^(length - 1).
  if (value === 0) return digits === '0';
  const least = power / 10;
  for (let rest = value; rest >= least; rest = Math.floor(rest / 10)) if (rest % power === digitsValue) return true;
  return false;
}

/** A test of "the word occurs in this number's decimal text"; null when no number's text can contain it. */
export function numberMatcher(word: string): ((value: number) => boolean) | null {
  if (!/^[0-9]+$/.test(word) || word.length > 16) return null;
  const digitsValue = Number(word);
  const power = 10 ** word.length;
  return (value) => (Number.isInteger(value) && value >= 0 && value <= Number.MAX_SAFE_INTEGER ? digitsContain(value, word, digitsValue, power) : String(value).includes(word));
}

const OCTET_TEXTS = Array.from({ length: 256 }, (_, octet) => String(octet));

function octetTable(test: (text: string) => boolean): Uint8Array {
  return Uint8Array.from(OCTET_TEXTS, (text) => (test(text) ? 1 : 0));
}

/** Where in the text the word must be: anywhere, at its start, at its end, or the whole text. */
export type MatchAnchor = 'any' | 'start' | 'end' | 'whole';

/**
 * A test of "the word occurs in this IPv4 address's dotted quad" (anywhere, or anchored) on the address's 32-bit
 * value; null when no dotted quad can contain the word (it has other characters than digits and dots, more than
 * three dots, or a part no octet has).
 *
 * Split at its dots, the word is: the end of one octet, whole octets, then the start of another (a word without dots
 * lies within one octet). Each part is checked against a table of the 256 octets' texts.
 */
export function ipv4Matcher(word: string, anchor: MatchAnchor = 'any'): ((value: number) => boolean) | null {
  if (!/^[0-9.]+$/.test(word)) return null;
  const parts = word.split('.');
  const dots = parts.length - 1;
  if (dots > 3) return null;
  const octetAt = (value: number, at: number) => (value >>> (24 - 8 * at)) & 255;
  if (dots === 0) {
    if (anchor === 'whole') return () => false;
    const test = anchor === 'start' ? (text: string) => text.startsWith(word) : anchor === 'end' ? (text: string) => text.endsWith(word) : (text: string) => text.includes(word);
    const within = octetTable(test);
    if (!within.includes(1)) return null;
    if (anchor === 'start') return (value) => within[octetAt(value, 0)] === 1;
    if (anchor === 'end') return (value) => within[octetAt(value, 3)] === 1;
    return (value) => within[octetAt(value, 0)] === 1 || within[octetAt(value, 1)] === 1 || within[octetAt(value, 2)] === 1 || within[octetAt(value, 3)] === 1;
  }
  if (anchor === 'whole' && dots !== 3) return () => false;
  const head = parts[0]!;
  const tail = parts[dots]!;
  const first = octetTable(anchor === 'start' || anchor === 'whole' ? (text) => text === head : (text) => text.endsWith(head));
  const last = octetTable(anchor === 'end' || anchor === 'whole' ? (text) => text === tail : (text) => text.startsWith(tail));
  const middle = parts.slice(1, dots).map((part) => octetTable((text) => text === part));
  if (![first, last, ...middle].every((table) => table.includes(1))) return null;
  const from = anchor === 'end' ? 3 - dots : 0;
  const to = anchor === 'start' || anchor === 'whole' ? 0 : 3 - dots;
  return (value) => {
    for (let at = from; at <= to; at++) {
      if (first[octetAt(value, at)] !== 1 || last[octetAt(value, at + dots)] !== 1) continue;
      let whole = true;
      for (let m = 0; m < middle.length && whole; m++) whole = middle[m]![octetAt(value, at + 1 + m)] === 1;
      if (whole) return true;
    }
    return false;
  };
}
