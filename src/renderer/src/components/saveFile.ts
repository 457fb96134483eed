// Saving what the window made (a grid export, the case report) as a download: a Blob behind an a[download], which
// both the browser preview and Electron hand to their download handling.
export function saveTextFile(fileName: string, text: string, mimeType: string): void {
  saveTextParts(fileName, [text], mimeType);
}

/** The same for a text made of many parts (a million rows): no one string of it all is ever built. */
export function saveTextParts(fileName: string, parts: readonly string[], mimeType: string): void {
  const url = URL.createObjectURL(new Blob(parts as string[], { type: `${mimeType};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the Blob by the time the click returns; later revocation only frees it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A name a file system takes: no separators, reserved or control characters; never empty. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  return cleaned === '' ? 'case' : cleaned;
}
