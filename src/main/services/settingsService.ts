// The analyst's settings that shape the pivot — which ranges count as internal, which flows are flagged — read once,
// changed field by field, checked before they are stored.
import { isIP } from 'node:net';
import type { MethodParsedInput } from '../../shared/contract';
import type { AnalystSettings } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { SettingsFile } from '../config/settingsFile';

export type SettingsChanges = MethodParsedInput<'settings.update'>;

export class SettingsService {
  private settings: AnalystSettings | null = null;

  constructor(private readonly file: SettingsFile) {}

  async load(): Promise<void> {
    const loaded = await this.file.load();
    // A range edited by hand into the file is checked like one entered in the window.
    const problems = rangeProblems(loaded.internalRanges);
    if (problems.length > 0) throw new Error(`${this.file.path}: ${problems.join('; ')}`);
    this.settings = loaded;
  }

  get(): AnalystSettings {
    if (this.settings === null) throw new Error('SettingsService.get before load');
    return structuredClone(this.settings);
  }

  /** Changes what is given (each flag rule on its own); a bad range refuses the whole change and names the entry. */
  async update(changes: SettingsChanges): Promise<AnalystSettings> {
    const current = this.get();
    const internalRanges = changes.internalRanges === undefined ? current.internalRanges : [...new Set(changes.internalRanges.map((range) => range.trim()))];
    const problems = rangeProblems(internalRanges);
    if (problems.length > 0) throw new AppError({ kind: 'invalid-input', method: 'settings.update', issues: problems });
    const next: AnalystSettings = { internalRanges, flagRules: { ...current.flagRules, ...stripUndefined(changes.flagRules ?? {}) } };
    await this.file.save(next);
    this.settings = next;
    return structuredClone(next);
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

/** One sentence per range that is not an IPv4 or IPv6 CIDR range, naming it and its place in the list. */
export function rangeProblems(ranges: readonly string[]): string[] {
  return ranges.flatMap((range, index) => {
    const problem = cidrProblem(range);
    return problem === null ? [] : [`internal range ${index + 1}, "${range}", ${problem}`];
  });
}

/** Why `text` is not "address/prefix" (10.0.0.0/8, fd00::/8), or null when it is one. */
export function cidrProblem(text: string): string | null {
  const parts = text.trim().split('/');
  if (parts.length !== 2) return 'is not a CIDR range: it needs an address, "/" and a prefix length, as in 10.0.0.0/8 or fd00::/8';
  const [address, prefixText] = parts as [string, string];
  const family = isIP(address);
  if (family === 0) return `is not a CIDR range: "${address}" is not an IPv4 or IPv6 address`;
  const maxPrefix = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > maxPrefix) return `is not a CIDR range: the prefix length must be a whole number from 0 to ${maxPrefix}`;
  if (family === 6 && address.includes('.')) return 'is not a CIDR range FlowPivot reads: write an IPv4 range in IPv4 (192.0.2.0/24, not ::ffff:192.0.2.0/120)';
  if (address.includes('%')) return 'is not a CIDR range: a zone index (%eth0) names an interface, not a network';
  return null;
}
