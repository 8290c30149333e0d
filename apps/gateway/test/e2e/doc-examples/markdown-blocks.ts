/**
 * The fenced code blocks of a markdown file, each with the key that names it
 * in the manifest of documentation examples.
 */

/** One fenced code block. */
export interface DocBlock {
  /** Path relative to the repository root, e.g. `docs/client.md`. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string's first word (`sh`, `ts`, `yaml`, …), `''` when there is none. */
  readonly language: string;
  /**
   * The name from an `<!-- example: NAME -->` comment on the last non-blank
   * line before the fence, else the block's first line: markers survive edits
   * of the example, first lines do not.
   */
  readonly key: string;
  /** The block's text, fence indentation removed, ending with a newline. */
  readonly content: string;
}

const OPENING = /^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const MARKER = /^\s*<!--\s*example:\s*(\S+)\s*-->\s*$/;

/** Every fenced block of `markdown` (CommonMark fences of backticks or tildes, closed or not). */
export function markdownBlocks(file: string, markdown: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  let index = 0;
  while (index < lines.length) {
    const opening = OPENING.exec(lines[index] ?? '');
    if (opening === null) {
      index++;
      continue;
    }
    const indent = opening[1]?.length ?? 0;
    const fence = opening[2] ?? '```';
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !closing.test(lines[end] ?? '')) {
      body.push(stripIndent(lines[end] ?? '', indent));
      end++;
    }
    const content = `${body.join('\n')}\n`;
    blocks.push({
      file,
      line: index + 1,
      language: opening[3] ?? '',
      key: markerAbove(lines, index) ?? body.find((line) => line.trim() !== '')?.trim() ?? '',
      content,
    });
    index = end + 1;
  }
  return blocks;
}

/** The fence's own indentation is not part of the content (CommonMark). */
function stripIndent(line: string, indent: number): string {
  let cut = 0;
  while (cut < indent && line[cut] === ' ') cut++;
  return line.slice(cut);
}

function markerAbove(lines: readonly string[], fenceIndex: number): string | undefined {
  for (let index = fenceIndex - 1; index >= 0; index--) {
    const line = lines[index] ?? '';
    if (line.trim() === '') continue;
    return MARKER.exec(line)?.[1];
  }
  return undefined;
}
