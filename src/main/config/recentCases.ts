// The cases opened lately, newest first, for the window's "recent cases" list (paths and names only).
import { z } from 'zod';
import { readTextIfExists, writeFileAtomic } from './configFiles';

const entrySchema = z.object({ path: z.string(), name: z.string(), openedAt: z.string() });
const fileSchema = z.object({ version: z.literal(1), cases: z.array(entrySchema) });
export type RecentCaseEntry = z.infer<typeof entrySchema>;

const MAX_RECENT = 12;

/** Where the recent list lives: a file for the app; nowhere for a command-line run. */
export interface RecentCases {
  list(): Promise<RecentCaseEntry[]>;
  remember(entry: RecentCaseEntry): Promise<void>;
}

/** The command line does not change the window's recent list. */
export const NO_RECENT_CASES: RecentCases = { list: async () => [], remember: async () => undefined };

export class RecentCasesFile implements RecentCases {
  constructor(readonly path: string) {}

  async list(): Promise<RecentCaseEntry[]> {
    const text = await readTextIfExists(this.path);
    if (text === null) return [];
    const parsed = fileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.cases : [];
  }

  /** Puts the case first (once), keeping the newest MAX_RECENT. */
  async remember(entry: RecentCaseEntry): Promise<void> {
    const others = (await this.list()).filter((known) => known.path !== entry.path);
    await writeFileAtomic(this.path, `${JSON.stringify({ version: 1, cases: [entry, ...others].slice(0, MAX_RECENT) }, null, 2)}\n`, 0o600);
  }
}
