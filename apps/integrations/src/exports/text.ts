/** Plain-text rendering (UTF-8). */
import type { Block } from './document';

export function renderText(blocks: Block[]): Uint8Array {
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'title':
        lines.push(block.text.toUpperCase());
        break;
      case 'subtitle':
        lines.push(block.text, '');
        break;
      case 'heading':
        lines.push('', block.text, '-'.repeat(Math.min(72, [...block.text].length)));
        break;
      case 'entry':
        lines.push('', block.text, ...(block.meta ? [block.meta] : []));
        break;
      case 'paragraph':
        lines.push(block.text, '');
        break;
      case 'bullet':
        lines.push(`  • ${block.text}`);
        break;
      case 'pageBreak':
        lines.push('', '', '='.repeat(72), '');
        break;
    }
  }
  return new TextEncoder().encode(
    `${lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()}\n`,
  );
}
