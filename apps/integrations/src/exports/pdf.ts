/**
 * PDF rendering with pdf-lib. Text is set in Noto Sans (a shipped OFL TTF, imported as a
 * wrangler Data module and embedded through fontkit, subset): the standard PDF fonts cannot
 * encode "Ł", Cyrillic or Greek, and WOFF renders blank glyphs. Lines are wrapped by measured
 * width; pages break as they fill.
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import notoSans from '../../assets/fonts/NotoSans-Regular.ttf';
import type { Block } from './document';

const PAGE = { width: 595.28, height: 841.89 }; // A4 in points
const MARGIN = 56;
const WIDTH = PAGE.width - 2 * MARGIN;
const GREY = rgb(0.35, 0.35, 0.35);
const INK = rgb(0.1, 0.1, 0.1);

const STYLE: Record<Exclude<Block['kind'], 'pageBreak'>, { size: number; before: number; after: number }> = {
  title: { size: 20, before: 0, after: 4 },
  subtitle: { size: 9.5, before: 0, after: 14 },
  heading: { size: 13.5, before: 12, after: 6 },
  entry: { size: 11, before: 8, after: 2 },
  paragraph: { size: 10.5, before: 0, after: 7 },
  bullet: { size: 10.5, before: 0, after: 3 },
};

/** Splits text into lines no wider than `width` (long words are broken by character). */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    let line = '';
    for (const word of raw.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let piece = '';
      for (const ch of word) {
        if (font.widthOfTextAtSize(piece + ch, size) > width && piece) {
          lines.push(piece);
          piece = '';
        }
        piece += ch;
      }
      line = piece;
    }
    lines.push(line);
  }
  return lines;
}

export async function renderPdf(blocks: Block[], title: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(title);
  pdf.setCreator('JobMatch AI');
  pdf.setProducer('JobMatch AI (pdf-lib)');
  const font = await pdf.embedFont(new Uint8Array(notoSans), { subset: true });

  let page: PDFPage = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - MARGIN;
  const newPage = () => {
    page = pdf.addPage([PAGE.width, PAGE.height]);
    y = PAGE.height - MARGIN;
  };
  const draw = (text: string, size: number, x: number, width: number, color = INK) => {
    const lineHeight = size * 1.4;
    for (const line of wrap(text, font, size, width)) {
      if (y - lineHeight < MARGIN) newPage();
      y -= lineHeight;
      if (line) page.drawText(line, { x, y, size, font, color });
    }
  };

  for (const block of blocks) {
    if (block.kind === 'pageBreak') {
      newPage();
      continue;
    }
    const style = STYLE[block.kind];
    y -= style.before;
    switch (block.kind) {
      case 'bullet':
        if (y - style.size * 1.4 < MARGIN) newPage();
        page.drawText('•', { x: MARGIN + 4, y: y - style.size * 1.4, size: style.size, font, color: INK });
        draw(block.text, style.size, MARGIN + 16, WIDTH - 16);
        break;
      case 'entry':
        draw(block.text, style.size, MARGIN, WIDTH);
        if (block.meta) draw(block.meta, 9.5, MARGIN, WIDTH, GREY);
        break;
      case 'subtitle':
        draw(block.text, style.size, MARGIN, WIDTH, GREY);
        break;
      default:
        draw(block.text, style.size, MARGIN, WIDTH);
    }
    y -= style.after;
  }
  return pdf.save();
}
