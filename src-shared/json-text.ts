// JSON text from a file or a socket, parsed with an error that says where it is broken but never quotes the
// text: a path given by mistake (a password file, a key) must not have its contents echoed into a message.

/** JSON.parse with a content-free error: `${label} is not valid JSON (at line L, column C)`. */
export function parseJsonText(text: string, label: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const m = err instanceof Error ? /position (\d+)/.exec(err.message) : null;
    const where = m ? ` (${lineColumn(text, Number(m[1]))})` : text.trim() === '' ? ' (empty)' : '';
    throw new Error(`${label} is not valid JSON${where}`);
  }
}

function lineColumn(text: string, pos: number): string {
  let line = 1;
  let start = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return `at line ${line}, column ${pos - start + 1}`;
}
