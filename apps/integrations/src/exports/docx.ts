/** Word (DOCX) rendering with the `docx` package (Packer.toArrayBuffer: no Node Buffer needed). */
import { Document, HeadingLevel, Packer, PageBreak, Paragraph, TextRun } from 'docx';
import type { Block } from './document';

function paragraphOf(block: Block): Paragraph {
  switch (block.kind) {
    case 'title':
      return new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(block.text)] });
    case 'subtitle':
      return new Paragraph({ children: [new TextRun({ text: block.text, color: '555555' })], spacing: { after: 240 } });
    case 'heading':
      return new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(block.text)], spacing: { before: 240 } });
    case 'entry':
      return new Paragraph({
        spacing: { before: 160 },
        children: [
          new TextRun({ text: block.text, bold: true }),
          ...(block.meta ? [new TextRun({ text: block.meta, break: 1, color: '555555' })] : []),
        ],
      });
    case 'paragraph':
      return new Paragraph({
        spacing: { after: 160 },
        children: block.text.split('\n').map((line, i) => new TextRun({ text: line, ...(i > 0 ? { break: 1 } : {}) })),
      });
    case 'bullet':
      return new Paragraph({ bullet: { level: 0 }, children: [new TextRun(block.text)] });
    case 'pageBreak':
      return new Paragraph({ children: [new PageBreak()] });
  }
}

export async function renderDocx(blocks: Block[], title: string): Promise<Uint8Array> {
  const document = new Document({
    title,
    creator: 'JobMatch AI',
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: [{ children: blocks.map(paragraphOf) }],
  });
  return new Uint8Array(await Packer.toArrayBuffer(document));
}
