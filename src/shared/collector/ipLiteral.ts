// Whether a text is an IP address literal (never a name: a collector binds to an address the analyst chose, and a
// name could resolve to one nobody chose), and which family it is.

function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255);
}

function hexGroups(text: string): number | null {
  if (text === '') return 0;
  const groups = text.split(':');
  return groups.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group)) ? groups.length : null;
}

function isIpv6(text: string): boolean {
  let body = text;
  let tail = 0;
  // An IPv4 tail (::ffff:127.0.0.1) counts as two groups.
  const lastColon = body.lastIndexOf(':');
  if (lastColon >= 0 && body.includes('.', lastColon)) {
    if (!isIpv4(body.slice(lastColon + 1))) return false;
    body = body.slice(0, lastColon + 1) + '0';
    tail = 1;
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  if (halves.length === 1) return hexGroups(body) === 8 - tail;
  const left = hexGroups(halves[0]!);
  const right = hexGroups(halves[1]!);
  return left !== null && right !== null && left + right <= 7 - tail;
}

/** 4 or 6 for an IPv4 or IPv6 literal (no brackets, no zone), 0 for anything else. */
export function ipLiteralFamily(text: string): 0 | 4 | 6 {
  if (isIpv4(text)) return 4;
  return text.includes(':') && isIpv6(text) ? 6 : 0;
}
