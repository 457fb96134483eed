// Terminals: the open sessions as tabs (a router's shell or this machine's), what the analyst types and how big the
// screen is, sent to main; the output goes to each tab's screen outside React state (terminalScreens).
import type { TerminalExit, TerminalSessionInfo, TerminalTarget } from '../../../shared/terminal/terminalTypes';
import { readOnlyReason } from './readOnly';
import { appendTerminalOutput, forgetOtherScreens, forgetTerminalScreen } from './terminalScreens';
import type { SliceCreator } from './types';

export interface TerminalTab extends TerminalSessionInfo {
  state: 'open' | 'ended';
  /** How it ended, in words, once it has. */
  endMessage: string | null;
}

export interface TerminalSlice {
  terminals: TerminalTab[];
  activeTerminal: string | null;
  /** The terminal being opened: a router's id, or 'local'. */
  terminalOpening: string | null;
  /** The screen size last measured, for the next terminal opened. */
  terminalSize: { cols: number; rows: number };
  openTerminal(target: TerminalTarget): Promise<void>;
  closeTerminal(sessionId: string): Promise<void>;
  /** Removes an ended terminal's tab. */
  dismissTerminal(sessionId: string): void;
  selectTerminal(sessionId: string): void;
  applyTerminalOutput(output: { sessionId: string; data: string }): void;
  applyTerminalExit(exit: TerminalExit): void;
  terminalInput(sessionId: string, data: string): void;
  resizeTerminal(sessionId: string, cols: number, rows: number): void;
}

/** The contract's bound on one input call: a bigger paste goes in pieces. */
const INPUT_PIECE = 16 * 1024;

export const createTerminalSlice: SliceCreator<TerminalSlice> = (api) => (set, get) => {
  function ended(exit: TerminalExit): void {
    set((s) => ({ terminals: s.terminals.map((tab) => (tab.sessionId === exit.sessionId ? { ...tab, state: 'ended', endMessage: exit.message } : tab)) }));
  }

  return {
    terminals: [],
    activeTerminal: null,
    terminalOpening: null,
    terminalSize: { cols: 120, rows: 28 },

    async openTerminal(target) {
      if (readOnlyReason(get()) !== null || get().terminalOpening !== null) return;
      const opening = 'router' in target ? target.router : 'local';
      set({ terminalOpening: opening });
      try {
        const info = await api.call('terminal.open', { target, ...get().terminalSize });
        set((s) => ({ terminals: [...s.terminals, { ...info, state: 'open', endMessage: null }], activeTerminal: info.sessionId }));
      } catch (error) {
        get().reportError(error, 'router' in target ? { deviceId: target.router, retry: 'terminal' } : undefined);
      } finally {
        set({ terminalOpening: null });
        // Another window's terminals heard while this one was opening are not this window's to keep.
        forgetOtherScreens(new Set(get().terminals.map((tab) => tab.sessionId)));
      }
    },

    async closeTerminal(sessionId) {
      const tab = get().terminals.find((t) => t.sessionId === sessionId);
      if (!tab || tab.state !== 'open') return;
      try {
        ended(await api.call('terminal.close', { sessionId }));
      } catch (error) {
        get().reportError(error);
      }
    },

    dismissTerminal(sessionId) {
      forgetTerminalScreen(sessionId);
      set((s) => {
        const terminals = s.terminals.filter((tab) => tab.sessionId !== sessionId);
        return { terminals, activeTerminal: s.activeTerminal === sessionId ? (terminals.at(-1)?.sessionId ?? null) : s.activeTerminal };
      });
    },

    selectTerminal(sessionId) {
      set({ activeTerminal: sessionId });
    },

    applyTerminalOutput({ sessionId, data }) {
      // Every window hears every terminal's output: only this window's own (or one it is opening) is kept.
      const { terminals, terminalOpening } = get();
      if (terminalOpening !== null || terminals.some((tab) => tab.sessionId === sessionId)) appendTerminalOutput(sessionId, data);
    },

    applyTerminalExit(exit) {
      ended(exit);
    },

    terminalInput(sessionId, data) {
      const tab = get().terminals.find((t) => t.sessionId === sessionId);
      if (tab?.state !== 'open') return;
      for (let offset = 0; offset < data.length; offset += INPUT_PIECE) {
        api.call('terminal.input', { sessionId, data: data.slice(offset, offset + INPUT_PIECE) }).catch((error: unknown) => get().reportError(error));
      }
    },

    resizeTerminal(sessionId, cols, rows) {
      set({ terminalSize: { cols, rows } });
      const tab = get().terminals.find((t) => t.sessionId === sessionId);
      if (tab?.state !== 'open') return;
      api.call('terminal.resize', { sessionId, cols, rows }).catch((error: unknown) => get().reportError(error));
    },
  };
};
