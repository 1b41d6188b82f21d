// Content types of the built renderer's files, shared by `depthswap serve` and the Electron app:// protocol.
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(ext: string): string {
  return MIME[ext.toLowerCase()] ?? 'application/octet-stream';
}
