// Case text made inert for an HTML document: escaped for text and for double-quoted attributes, invisible controls shown.

/**
 * C0 controls (but tab, line feed and carriage return), DEL, C1 controls and the bidirectional marks, embeddings,
 * overrides and isolates. A process named with U+202E can make "gpj.exe" read as "exe.jpg"; an escape sequence can hide
 * in a command line. The report shows such characters by code point instead of letting the browser obey or drop them.
 */
function isInvisibleControl(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

function codePoint(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function entityFor(code: number): string | undefined {
  switch (code) {
    case 0x26:
      return '&amp;';
    case 0x3c:
      return '&lt;';
    case 0x3e:
      return '&gt;';
    case 0x22:
      return '&quot;';
    case 0x27:
      return '&#39;';
    default:
      return undefined;
  }
}

// One pass, slices joined once: command lines and notes can be long, and a report escapes thousands of them.
function escapeWith(text: string, showControl: (code: number) => string): string {
  let parts: string[] | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const replacement = entityFor(code) ?? (isInvisibleControl(code) ? showControl(code) : undefined);
    if (replacement === undefined) continue;
    parts ??= [];
    parts.push(text.slice(start, i), replacement);
    start = i + 1;
  }
  if (parts === null) return text;
  parts.push(text.slice(start));
  return parts.join('');
}

/** `value` as HTML text content: markup characters escaped, invisible controls shown as a marked "U+202E". */
export function escapeText(value: string | number): string {
  return escapeWith(String(value), (code) => `<span class="ctl" title="invisible control character">${codePoint(code)}</span>`);
}

/** `value` inside a double-quoted attribute: markup characters and both quotes escaped, invisible controls as "[U+202E]". */
export function escapeAttribute(value: string | number): string {
  return escapeWith(String(value), (code) => `[${codePoint(code)}]`);
}
