/** The request's path, percent-decoded; null when it does not decode (e.g. "/%E0"). Both shells serve files by it. */
export function decodedPath(url: string | undefined): string | null {
  try {
    return decodeURIComponent(new URL(url ?? '/', 'http://x').pathname);
  } catch {
    return null;
  }
}
