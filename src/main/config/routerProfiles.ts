// The analyst's router list on disk (no secrets in it), written atomically.
import { z } from 'zod';
import { readTextIfExists, writeFileAtomic, type DocumentStore } from './configFiles';

export const storedRouterSchema = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  username: z.string(),
  auth: z.enum(['password', 'keyboard-interactive', 'private-key']),
  privateKeyPath: z.string().nullable(),
  legacyAlgorithms: z.boolean(),
  commandTimeoutMs: z.number().int(),
  isLab: z.boolean(),
});

export type StoredRouter = z.infer<typeof storedRouterSchema>;

const fileSchema = z.object({ version: z.literal(1), routers: z.array(storedRouterSchema) });

export class RouterProfileFile implements DocumentStore<StoredRouter[]> {
  constructor(readonly path: string) {}

  async load(): Promise<StoredRouter[]> {
    const text = await readTextIfExists(this.path);
    if (text === null) return [];
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${this.path} is not a FlowPivot router list: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data.routers;
  }

  async save(routers: StoredRouter[]): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify({ version: 1, routers }, null, 2)}\n`, 0o600);
  }
}
