// The analyst's settings that shape the pivot: internal ranges (which end of a flow to investigate) and flag rules.
import type { MethodInput } from '../../../shared/contract';
import { internalAddressTest, internalIpv4Test } from '../../../shared/correlation/internalRanges';
import type { InternalTests } from '../../../shared/flows/flowFlagMasks';
import type { AnalystSettings } from '../../../shared/domain';
import { DEFAULT_FLAG_RULES } from '../../../shared/flags/flagRules';
import type { SliceCreator } from './types';

export type SettingsChanges = MethodInput<'settings.update'>;

export type SettingsDialogState = { type: 'flag-rules' };

export interface SettingsSlice {
  /** What main holds; the defaults until it answers (and when it cannot). */
  settings: AnalystSettings;
  /** Why main's settings could not be read, in words; null once read. */
  settingsProblem: string | null;
  loadSettings(): Promise<void>;
  /** Saves from the flag rules dialog; errors stay in the open dialog, which closes on success. */
  saveSettings(changes: SettingsChanges): Promise<void>;
  openFlagRules(): void;
}

export const defaultSettings: AnalystSettings = { internalRanges: [], flagRules: DEFAULT_FLAG_RULES };

/** The internal-address tests of the settings (by text, and by IPv4 value), built once per ranges list. */
let cachedTests: { ranges: readonly string[]; tests: InternalTests } | null = null;
export function internalTestsOf(settings: AnalystSettings): InternalTests {
  if (cachedTests?.ranges !== settings.internalRanges) {
    let tests: InternalTests;
    try {
      tests = { text: internalAddressTest(settings.internalRanges), ipv4: internalIpv4Test(settings.internalRanges) };
    } catch {
      // A range main should have refused: the defaults still hold; the settings dialog shows the bad one.
      tests = { text: internalAddressTest(), ipv4: internalIpv4Test() };
    }
    cachedTests = { ranges: settings.internalRanges, tests };
  }
  return cachedTests.tests;
}

/** The internal-address test of the settings (ranges main accepted are valid). */
export function internalTestOf(settings: AnalystSettings): (address: string) => boolean {
  return internalTestsOf(settings).text;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (api) => (set) => ({
  settings: defaultSettings,
  settingsProblem: null,

  async loadSettings() {
    try {
      const settings = await api.call('settings.get', {});
      set({ settings, settingsProblem: null });
    } catch (error) {
      set({ settingsProblem: `The saved settings could not be read, so the default rules apply: ${error instanceof Error ? error.message : String(error)}` });
    }
  },

  async saveSettings(changes) {
    set({ dialogBusy: true, dialogError: null });
    try {
      const settings = await api.call('settings.update', changes);
      set({ settings, settingsProblem: null, dialog: null, dialogError: null });
    } catch (error) {
      set({ dialogError: error instanceof Error ? error.message : String(error) });
    } finally {
      set({ dialogBusy: false });
    }
  },

  openFlagRules() {
    set({ dialog: { type: 'flag-rules' }, dialogBusy: false, dialogError: null });
  },
});
