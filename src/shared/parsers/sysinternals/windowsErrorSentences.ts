// The Windows error sentences the PsTools print after a failed step ("Couldn't access HOST:" then the sentence on the
// next line), mapped to what the analyst has to do about them.
//
// The sentences are Windows' own system message texts (FormatMessage), e.g. 5 "Access is denied.", 53 "The network
// path was not found.", 1326 "The user name or password is incorrect." (before Windows 7: "Logon failure: unknown
// user name or bad password."). They are matched case-insensitively, without the final period and with any trailing
// "(Exception from HRESULT: 0x…)".
import type { PsExecErrorKind } from '../../domain';
import { collapseSpaces, MAX_SENTENCE_LENGTH } from './consoleLines';

/** The kinds a Windows sentence alone can tell. */
export type SentenceKind = Exclude<PsExecErrorKind, 'other'>;

const SENTENCES: readonly (readonly [string, SentenceKind])[] = [
  ['access is denied', 'access-denied'],
  ['access denied', 'access-denied'],
  ['the user name or password is incorrect', 'logon-failure'],
  ['logon failure: unknown user name or bad password', 'logon-failure'],
  ['the referenced account is currently locked out and may not be logged on to', 'logon-failure'],
  ['the network path was not found', 'network-path-not-found'],
  ['the rpc server is unavailable', 'host-unreachable'],
  ['the network name cannot be found', 'host-unreachable'],
  ['the specified network name is no longer available', 'host-unreachable'],
  ['the semaphore timeout period has expired', 'host-unreachable'],
  ['the system cannot find the file specified', 'command-not-found'],
  ['the system cannot find the path specified', 'command-not-found'],
  ['the service did not respond to the start or control request in a timely fashion', 'service-start-failed'],
];

const BY_TEXT = new Map(SENTENCES);

/** The sentence in a comparable form: lower case, spaces collapsed, final period and HRESULT note removed. */
function normalise(sentence: string): string {
  return collapseSpaces(sentence)
    .toLowerCase()
    .replace(/\s*\(exception from hresult: 0x[0-9a-f]{1,8}\)$/, '')
    .replace(/[.\u2026]+$/, '');
}

/** What a Windows error sentence means; null for a sentence this module does not know. */
export function classifySentence(sentence: string): SentenceKind | null {
  if (sentence.length > MAX_SENTENCE_LENGTH) return null;
  return BY_TEXT.get(normalise(sentence)) ?? null;
}

/** True when the sentence is one of the known Windows error texts. */
export function isKnownSentence(sentence: string): boolean {
  return classifySentence(sentence) !== null;
}

/**
 * A Windows error code the line prints itself: "(Exception from HRESULT: 0x800706BA)", "error code 5", "Error 1326".
 * Null when none is printed (the PsTools usually print only the sentence).
 */
export function printedErrorCode(text: string): number | null {
  if (text.length > MAX_SENTENCE_LENGTH) return null;
  const hresult = /\b0x([0-9a-fA-F]{1,8})\b/.exec(text);
  if (hresult !== null) return Number.parseInt(hresult[1]!, 16);
  const decimal = /\berror(?: code)?:? (\d{1,10})\b/i.exec(text);
  return decimal === null ? null : Number(decimal[1]);
}

/** Characters Windows' messages never hold and markup and templates do. */
const MARKUP = '<>{}[]\\|`$';

/**
 * Whether a line can be Windows' reason under a failure header: a known sentence, or one shaped like Windows'
 * messages (a capital letter first, a period last, no markup). Anything else is reported, not absorbed.
 */
export function isReason(text: string): boolean {
  if (classifySentence(text) !== null) return true;
  if (text.length < 2 || text.length > MAX_SENTENCE_LENGTH) return false;
  const first = text.charCodeAt(0);
  if (first < 65 || first > 90 || !text.endsWith('.')) return false;
  for (let i = 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 || code === 127 || MARKUP.includes(text[i]!)) return false;
  }
  return true;
}
