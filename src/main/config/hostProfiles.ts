// The analyst's host list and Sysinternals tool paths on disk (no secrets in them), written atomically.
import { z } from 'zod';
import { readTextIfExists, writeFileAtomic, type DocumentStore } from './configFiles';

export const storedHostSchema = z.object({
  id: z.string(),
  address: z.string(),
  label: z.string(),
  via: z.enum(['psexec', 'ssh', 'local']),
  os: z.enum(['windows', 'linux']),
  username: z.string(),
  port: z.number().int(),
  privateKeyPath: z.string().nullable(),
  timeoutMs: z.number().int(),
  isLab: z.boolean(),
});

export type StoredHost = z.infer<typeof storedHostSchema>;

const toolPathsSchema = z.object({ psexec: z.string().nullable(), pslist: z.string().nullable(), pskill: z.string().nullable() });
export type ToolPaths = z.infer<typeof toolPathsSchema>;

const fileSchema = z.object({ version: z.literal(1), hosts: z.array(storedHostSchema), toolPaths: toolPathsSchema });
export type HostsFileContent = z.infer<typeof fileSchema>;

export class HostProfileFile implements DocumentStore<HostsFileContent> {
  constructor(readonly path: string) {}

  async load(): Promise<HostsFileContent> {
    const text = await readTextIfExists(this.path);
    if (text === null) return { version: 1, hosts: [], toolPaths: { psexec: null, pslist: null, pskill: null } };
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${this.path} is not a FlowPivot host list: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  }

  async save(content: HostsFileContent): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify(content, null, 2)}\n`, 0o600);
  }
}
