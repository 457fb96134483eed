// A list of hosts as the analyst keeps it in a text file: one host per line, blank lines and # comments ignored.

export interface HostListEntry {
  /** 1-based line of the file. */
  line: number;
  /** As written, trimmed; not yet checked (the host form's validation does that). */
  address: string;
}

/** The hosts of the list in file order; text after "#" is a comment, whole-line or trailing. */
export function readHostList(text: string): HostListEntry[] {
  const entries: HostListEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const hash = raw.indexOf('#');
    const address = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (address !== '') entries.push({ line: index + 1, address });
  });
  return entries;
}
