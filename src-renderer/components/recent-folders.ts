// The folders the file dialog was last used in (newest first), kept in the browser's local storage.
const KEY = 'depthswap.recentFolders';
const MAX = 8;

export function recentFolders(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((v): v is string => typeof v === 'string').slice(0, MAX)
      : [];
  } catch {
    return [];
  }
}

export function lastFolder(): string | null {
  return recentFolders()[0] ?? null;
}

export function rememberFolder(dir: string): void {
  const list = [dir, ...recentFolders().filter((d) => d !== dir)].slice(0, MAX);
  try {
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // Storage full or disabled: the dialog starts in the home folder next time.
  }
}
