// Import errors in plain words, as the import dialog and the Errors panel show them.
import { describe, it, expect } from 'vitest';
import { plainImportError } from '../../../src-renderer/panels/media-bin/import-errors.ts';

describe('plain import errors', () => {
  it('names the problem and the file', () => {
    expect(plainImportError('/m/a.mov', new Error('file not found: /m/a.mov'))).toBe(
      'File not found: /m/a.mov',
    );
    expect(
      plainImportError('/m/b.txt', new Error('not a readable media file: /m/b.txt (Invalid data found)')),
    ).toBe('Not a video ffmpeg can read: /m/b.txt');
    // The engine refuses text by its content (probe.ts), whatever the name says.
    expect(plainImportError('/m/notes.mov', new Error('not a media file: /m/notes.mov is a text file'))).toBe(
      'Not a video ffmpeg can read: /m/notes.mov',
    );
    expect(plainImportError('/m/c.mov', new Error('empty file (0 bytes): /m/c.mov'))).toBe(
      'The file is empty (0 bytes): /m/c.mov',
    );
    expect(plainImportError('/m/d.wav', new Error('/m/d.wav has no video stream'))).toBe(
      'The file has no picture (no video stream): d.wav',
    );
    expect(plainImportError('/m/e', new Error('something else'))).toBe('Cannot import /m/e: something else');
  });
});
