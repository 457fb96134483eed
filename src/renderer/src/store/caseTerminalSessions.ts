// A case's terminal collections as sessions: the parts of one session (its checkpoints and its end) joined in order.
import { terminalSectionsOf } from '../../../shared/case/evidence';
import type { CaseContents } from '../../../shared/case/caseModel';

export interface CaseTerminalSession {
  sessionId: string;
  device: string;
  tool: string;
  startedAt: string;
  finishedAt: string;
  /** How it ended ('closed', 'exited'…), or 'checkpoint' when its end never reached the case (a crash). */
  outcome: string;
  exitCode: number | null;
  /** Its collections, part 1 first. */
  collectionIds: string[];
  /** The lines typed, secrets masked. */
  typed: string[];
  maskedSecrets: number;
}

export function terminalSessionsOf(collections: CaseContents['collections']): CaseTerminalSession[] {
  const sessions = new Map<string, CaseTerminalSession & { parts: { part: number; id: string; typed: string[] }[] }>();
  for (const collection of collections) {
    if (collection.kind !== 'terminal') continue;
    const sections = terminalSectionsOf(collection.sections);
    const sessionId = sections?.sessionId ?? collection.id;
    let session = sessions.get(sessionId);
    if (!session) {
      session = { sessionId, device: collection.device, tool: collection.tool, startedAt: collection.startedAt, finishedAt: collection.finishedAt, outcome: collection.outcome, exitCode: collection.exitCode, collectionIds: [], typed: [], maskedSecrets: 0, parts: [] };
      sessions.set(sessionId, session);
    }
    session.parts.push({ part: sections?.part ?? 1, id: collection.id, typed: sections?.typed ?? [] });
    if (collection.startedAt < session.startedAt) session.startedAt = collection.startedAt;
    if (collection.finishedAt >= session.finishedAt) {
      session.finishedAt = collection.finishedAt;
      session.outcome = collection.outcome;
      session.exitCode = collection.exitCode;
    }
    session.maskedSecrets = Math.max(session.maskedSecrets, sections?.maskedSecrets ?? 0);
  }
  return [...sessions.values()].map(({ parts, ...session }) => {
    const ordered = parts.sort((a, b) => a.part - b.part);
    return { ...session, collectionIds: ordered.map((part) => part.id), typed: ordered.flatMap((part) => part.typed) };
  });
}
