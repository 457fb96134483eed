// The analyst's settings on disk (internal ranges, flag rules): settings.json in the config folder, written atomically;
// a field the file lacks takes its default, so older files keep working.
import { z } from 'zod';
import type { AnalystSettings } from '../../shared/domain';
import { readTextIfExists, writeFileAtomic } from './configFiles';
import { DEFAULT_FLAG_RULES } from '../../shared/flags/flagRules';

export const DEFAULT_SETTINGS: AnalystSettings = {
  internalRanges: [],
  flagRules: DEFAULT_FLAG_RULES,
};

const rules = DEFAULT_SETTINGS.flagRules;
const fileSchema = z.object({
  version: z.literal(1),
  internalRanges: z.array(z.string()).default([]),
  flagRules: z
    .object({
      highPortAbove: z.number().int().min(0).max(65535).default(rules.highPortAbove),
      uncommonPorts: z.boolean().default(rules.uncommonPorts),
      unknownProtocols: z.boolean().default(rules.unknownProtocols),
      internalToExternal: z.boolean().default(rules.internalToExternal),
      longLivedSeconds: z.number().int().min(0).default(rules.longLivedSeconds),
      highVolumePackets: z.number().int().min(0).default(rules.highVolumePackets),
    })
    .default(rules),
});

export class SettingsFile {
  constructor(readonly path: string) {}

  /** The stored settings, the defaults when there is no file yet; throws naming the file when it is not ours. */
  async load(): Promise<AnalystSettings> {
    const text = await readTextIfExists(this.path);
    if (text === null) return structuredClone(DEFAULT_SETTINGS);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(`${this.path} is not JSON: ${(error as Error).message}`);
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${this.path} is not a FlowPivot settings file: ${issue ? `${issue.path.join('.') || 'the file'}: ${issue.message}` : 'invalid'}`);
    }
    return { internalRanges: parsed.data.internalRanges, flagRules: parsed.data.flagRules };
  }

  async save(settings: AnalystSettings): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify({ version: 1, ...settings }, null, 2)}\n`, 0o600);
  }
}
