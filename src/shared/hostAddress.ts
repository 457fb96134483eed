// What may be given as a host or a PID to a tool: checked before any process starts, so nothing can pose as an option.

/** A DNS name (labels of letters, digits and "-"; the seed's anonymised `10.xx.50.81` is one), IPv4, or IPv6 (optionally in brackets, with a %zone). */
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9_.-]{1,32})?\]?$/;

/** Whether the text holds an ASCII control character (a line break, an escape, NUL…). */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 || code === 127) return true;
  }
  return false;
}

/** Why `host` cannot be used as a host, in words; null when it can. */
export function hostAddressProblem(host: string): string | null {
  if (host.length === 0) return 'a host name or address is needed';
  if (host.length > 253) return 'longer than a host name can be (253 characters)';
  if (host.startsWith('-') || host.startsWith('/')) return 'it starts like a command-line option';
  if (host.includes('\\')) return 'give the name or address alone, without \\\\';
  if (/\s/.test(host) || hasControlCharacter(host)) return 'it contains spaces or control characters';
  if (HOST_NAME.test(host) || IPV6.test(host)) return null;
  return 'not a host name, IPv4 or IPv6 address';
}

/** A PID as a number, or null when `text` is not a whole number from 1 to 2^32 - 1 (Windows and Linux PIDs). */
export function parsePid(text: string | number): number | null {
  const value = typeof text === 'number' ? text : /^[0-9]{1,10}$/.test(text) ? Number(text) : NaN;
  return Number.isInteger(value) && value >= 1 && value <= 0xffffffff ? value : null;
}
