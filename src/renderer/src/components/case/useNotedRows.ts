// The rows of a grid's collection that carry a note in the case, as the row objects themselves (so a row class can
// test one in constant time); a new set only when the notes or the collection change.
import { useMemo } from 'react';
import { useAppStore } from '../../store/appStore';

export function useNotedRows<Row>(collectionId: string | null, getRows: (collectionId: string | null) => Row[]): ReadonlySet<Row> {
  const notes = useAppStore((s) => s.rowNotes);
  return useMemo(() => {
    const rows = getRows(collectionId);
    const noted = new Set<Row>();
    for (const note of notes) {
      const row = note.collectionId === collectionId ? rows[note.row] : undefined;
      if (row !== undefined) noted.add(row);
    }
    return noted;
  }, [notes, collectionId, getRows]);
}

/** The rows (table positions) of a flow collection that carry a note; flow rows are built as they come into view. */
export function useNotedFlowRows(collectionId: string | null): ReadonlySet<number> {
  const notes = useAppStore((s) => s.rowNotes);
  return useMemo(() => new Set(notes.filter((note) => note.collectionId === collectionId).map((note) => note.row)), [notes, collectionId]);
}
