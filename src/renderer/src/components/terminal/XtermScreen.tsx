// One terminal's screen: xterm.js fitted to its pane, keys and pastes sent to main, output written as it arrives.
import { useEffect, useRef } from 'react';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import './terminal.css';
import { useActions } from '../../store/appStore';
import { attachTerminalScreen } from '../../store/terminalScreens';

/** Ctrl+Shift+C / Ctrl+Shift+V (Cmd+C / Cmd+V on a Mac) copy and paste; plain Ctrl+C stays the interrupt it is. */
function clipboardKeys(terminal: Terminal) {
  return (event: KeyboardEvent): boolean => {
    if (event.type !== 'keydown') return true;
    const mac = navigator.platform.startsWith('Mac');
    const chord = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && event.shiftKey;
    const key = event.key.toLowerCase();
    if (chord && key === 'c') {
      const selection = terminal.getSelection();
      if (selection) void navigator.clipboard?.writeText(selection);
      return false;
    }
    if (chord && key === 'v') {
      // The browser's own paste event reaches xterm when the clipboard cannot be read.
      navigator.clipboard?.readText().then(
        (text) => terminal.paste(text),
        () => undefined,
      );
      return false;
    }
    return true;
  };
}

export function XtermScreen({ sessionId, active, open }: { sessionId: string; active: boolean; open: boolean }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const terminalRef = useRef<Terminal | null>(null);
  const fitRef = useRef<FitAddon | null>(null);
  const { terminalInput, resizeTerminal } = useActions();

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const terminal = new Terminal({ cursorBlink: true, fontSize: 13, fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace', scrollback: 10_000, allowProposedApi: false });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(host);
    terminal.attachCustomKeyEventHandler(clipboardKeys(terminal));
    terminalRef.current = terminal;
    fitRef.current = fit;
    const input = terminal.onData((data) => terminalInput(sessionId, data));
    const resize = terminal.onResize(({ cols, rows }) => resizeTerminal(sessionId, cols, rows));
    const detach = attachTerminalScreen(sessionId, (data) => terminal.write(data));
    const observer = new ResizeObserver(() => {
      if (host.offsetParent !== null) fit.fit();
    });
    observer.observe(host);
    return () => {
      observer.disconnect();
      detach();
      input.dispose();
      resize.dispose();
      terminal.dispose();
      terminalRef.current = null;
    };
  }, [sessionId, terminalInput, resizeTerminal]);

  useEffect(() => {
    if (!active) return;
    fitRef.current?.fit();
    terminalRef.current?.focus();
  }, [active]);

  useEffect(() => {
    // An ended session's screen stays to be read and copied from, but takes no more keys.
    if (terminalRef.current) terminalRef.current.options.disableStdin = !open;
  }, [open]);

  return <div className="xterm-host" ref={hostRef} data-testid="terminal-screen" data-session-id={sessionId} hidden={!active} />;
}
