// What each terminal printed, outside React state: held (bounded) until its xterm is attached, then written to it as
// it arrives. A terminal's screen is the xterm's own business; the store keeps only the tabs.

/** Output held for a terminal whose screen is not attached yet, at most (the oldest goes first). */
const MAX_HELD_CHARS = 2 * 1024 * 1024;

interface Screen {
  held: string[];
  heldChars: number;
  write: ((data: string) => void) | null;
}

const screens = new Map<string, Screen>();

function screenOf(sessionId: string): Screen {
  let screen = screens.get(sessionId);
  if (!screen) {
    screen = { held: [], heldChars: 0, write: null };
    screens.set(sessionId, screen);
  }
  return screen;
}

export function appendTerminalOutput(sessionId: string, data: string): void {
  const screen = screenOf(sessionId);
  if (screen.write) {
    screen.write(data);
    return;
  }
  screen.held.push(data);
  screen.heldChars += data.length;
  while (screen.heldChars > MAX_HELD_CHARS && screen.held.length > 1) screen.heldChars -= screen.held.shift()!.length;
}

/** Writes what was held, then everything that arrives, to `write`; returns the detach. */
export function attachTerminalScreen(sessionId: string, write: (data: string) => void): () => void {
  const screen = screenOf(sessionId);
  for (const data of screen.held) write(data);
  screen.held = [];
  screen.heldChars = 0;
  screen.write = write;
  return () => {
    if (screen.write === write) screen.write = null;
  };
}

export function forgetTerminalScreen(sessionId: string): void {
  screens.delete(sessionId);
}

/** Forgets every screen but those of `kept`. */
export function forgetOtherScreens(kept: ReadonlySet<string>): void {
  for (const sessionId of [...screens.keys()]) if (!kept.has(sessionId)) screens.delete(sessionId);
}
