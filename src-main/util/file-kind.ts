// What a file is, from its bytes and never its name: a clip named notes.json is media, a password file named
// face.ans is text. Used by the write guard (what may be replaced) and by probe (what may be read as media).
import { open, stat } from 'node:fs/promises';
import { ANALYSIS_FORMAT } from '../../src-shared/analysis/schema.ts';

/** What a file on disk is, judged from its first bytes (and for JSON, its format field). */
export type FileKind =
  'media' | 'image' | 'analysis' | 'project' | 'pts' | 'json' | 'text' | 'empty' | 'folder' | 'other';

const KIND_NAMES: Record<FileKind, string> = {
  media: 'a video or audio file',
  image: 'an image',
  analysis: 'an analysis file',
  project: 'a DepthSwap project',
  pts: 'a .pts keypoint file',
  json: 'a JSON file',
  text: 'a text file',
  empty: 'an empty file',
  folder: 'a folder',
  other: 'a file of unknown kind',
};

/** 'a video or audio file', 'an image', ... for messages. */
export function describeKind(kind: FileKind): string {
  return KIND_NAMES[kind];
}

/** Kinds that are certainly not media: probe refuses them before ffprobe can read text as a picture. */
export const NOT_MEDIA: readonly FileKind[] = [
  'text',
  'json',
  'analysis',
  'project',
  'pts',
  'empty',
  'folder',
];

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** The kind of the file's content from its first bytes. */
export function sniffBytes(b: Uint8Array): FileKind {
  if (b.length === 0) return 'empty';
  const at = (i: number) => b[i] ?? -1;
  const head4 = ascii(b, 0, 4);
  const box = ascii(b, 4, 8);
  if (box === 'ftyp') {
    const brand = ascii(b, 8, 12);
    return /^(heic|heix|heif|mif1|msf1|avif|avis)$/.test(brand) ? 'image' : 'media';
  }
  if (['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].includes(box)) return 'media';
  if (head4 === 'RIFF') return ascii(b, 8, 12) === 'WEBP' ? 'image' : 'media';
  if (at(0) === 0x1a && at(1) === 0x45 && at(2) === 0xdf && at(3) === 0xa3) return 'media'; // Matroska, WebM
  if (at(0) === 0x06 && at(1) === 0x0e && at(2) === 0x2b && at(3) === 0x34) return 'media'; // MXF
  if (at(0) === 0x47 && (b.length < 189 || at(188) === 0x47)) return 'media'; // MPEG-TS
  if (at(0) === 0 && at(1) === 0 && at(2) === 1 && (at(3) === 0xba || at(3) === 0xb3)) return 'media';
  if (['OggS', 'fLaC', 'FORM', 'caff', '.snd'].includes(head4) || ascii(b, 0, 3) === 'ID3') return 'media';
  if (ascii(b, 0, 9) === 'YUV4MPEG2') return 'media';
  if (at(0) === 0xff && (at(1) & 0xe0) === 0xe0 && at(1) !== 0xff && at(1) !== 0xd8) return 'media'; // MP3/AAC
  if (at(0) === 0x89 && ascii(b, 1, 4) === 'PNG') return 'image';
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image';
  if (head4 === 'GIF8' || ascii(b, 0, 2) === 'BM' || head4 === 'SDPX' || head4 === 'XPDS') return 'image';
  if (head4 === 'II*\0' || head4 === 'MM\0*') return 'image';
  if (at(0) === 0x76 && at(1) === 0x2f && at(2) === 0x31 && at(3) === 0x01) return 'image'; // OpenEXR
  const text = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 4096));
  if (text.includes('\uFFFD') || text.includes('\0')) return 'other';
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const format = /"format"\s*:\s*"([^"]*)"/.exec(text)?.[1];
    if (format === ANALYSIS_FORMAT) return 'analysis';
    if (format === 'depthswap-project') return 'project';
    return 'json';
  }
  if (/^(version\s*:|n_points\s*:)/i.test(trimmed)) return 'pts';
  if (/^(<\?xml|<svg)/i.test(trimmed)) return 'image';
  return 'text';
}

/** The kind of an existing path, or null when nothing is there. */
export async function sniffKind(file: string): Promise<FileKind | null> {
  const st = await stat(file).catch(() => null);
  if (!st) return null;
  if (st.isDirectory()) return 'folder';
  if (!st.isFile()) return 'other';
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return 'other';
  try {
    const buf = new Uint8Array(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return sniffBytes(buf.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}
