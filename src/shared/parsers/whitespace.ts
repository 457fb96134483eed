// What each tool's output counts as whitespace: the line walker trims and the field readers split by one of these.
//
// The three differ on purpose and the fixtures depend on it:
// - IOS: every ASCII control character is space, so a stray NUL or ESC never splits a flow row into two fields.
// - Console (PsTools, Linux): only space, tab, VT, FF, CR and the no-break space of web copies — the characters both
//   the parsers and String.prototype.trim agree on; any other control character is text and ends up in a diagnostic.
// - Windows sockets (netstat, tcpvcon): every ASCII control character and the Unicode spaces JavaScript trims.

/** Whitespace for the IOS parsers: space, tab, CR and other control characters, and the no-break space. */
export function isIosSpace(code: number): boolean {
  return code <= 32 || code === 160;
}

/** Whitespace for the console tools (PsTools, Linux): space, tab, VT, FF, CR and the no-break space. */
export function isConsoleSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160;
}

/** Separates fields of the Windows socket listings: ASCII space and control characters, and the Unicode spaces JavaScript trims. */
export function isSeparator(code: number): boolean {
  return code <= 32 || (code >= 127 && isUnicodeSpace(code));
}

/** The characters String.prototype.trim removes besides ASCII white space; a line of them alone is blank. */
function isUnicodeSpace(code: number): boolean {
  return code === 160 || code === 5760 || (code >= 8192 && code <= 8202) || code === 8232 || code === 8233 || code === 8239 || code === 8287 || code === 12288 || code === 65279;
}
