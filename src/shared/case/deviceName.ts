// The name an imported file's device gets when the analyst gives none (light: the window imports it too).

/** The file's name without folders and extension. */
export function deviceNameOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.[A-Za-z0-9]{1,8}$/, '') || base;
}
