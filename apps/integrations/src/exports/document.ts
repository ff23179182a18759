/**
 * The complete application as one neutral document (a list of blocks) that every renderer
 * (PDF, DOCX, text) draws the same way: the cover letter, then the full resume — contact,
 * summary, experience with accomplishments, education, skills.
 */
import { LINE_FEED, withoutControlCharacters } from '@jobmatch/files';
import { dateRange, type ApplicationContent } from '../application-content';

export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'subtitle'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'entry'; text: string; meta: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'bullet'; text: string }
  | { kind: 'pageBreak' };

/** Control characters (but newlines) render as garbage or break renderers: drop them. */
export const cleanText = (text: string) =>
  withoutControlCharacters(text.replace(/\r\n?/g, '\n').replace(/\t/g, '    '), LINE_FEED).replace(/[\u200B\uFEFF]/g, '');

const paragraphs = (text: string): Block[] =>
  cleanText(text)
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ kind: 'paragraph', text: p }));

export function applicationDocument(content: ApplicationContent): Block[] {
  const { applicant, variant } = content;
  const resume = variant.resume;
  const contact = [applicant.email, applicant.phone, applicant.location, applicant.linkedinUrl].filter(Boolean).join('  ·  ');
  const header: Block[] = [
    { kind: 'title', text: cleanText(applicant.name) },
    ...(contact ? [{ kind: 'subtitle', text: cleanText(contact) } as Block] : []),
  ];
  const blocks: Block[] = [...header];
  if (variant.coverLetter.trim()) {
    blocks.push({ kind: 'heading', text: `Cover letter — ${cleanText(content.jobTitle)}, ${cleanText(content.company)}` });
    blocks.push(...paragraphs(variant.coverLetter));
    blocks.push({ kind: 'pageBreak' }, ...header);
  }
  blocks.push({ kind: 'heading', text: 'Resume' });
  if (applicant.title) blocks.push({ kind: 'paragraph', text: cleanText(applicant.title) });
  if (resume.summary.trim()) blocks.push({ kind: 'heading', text: 'Summary' }, ...paragraphs(resume.summary));
  if (resume.experience.length > 0) {
    blocks.push({ kind: 'heading', text: 'Experience' });
    for (const job of resume.experience) {
      blocks.push({
        kind: 'entry',
        text: cleanText([job.title, job.company].filter(Boolean).join(' — ')),
        meta: cleanText([job.location, dateRange(job.startDate, job.endDate)].filter(Boolean).join('  ·  ')),
      });
      for (const bullet of job.bullets) if (bullet.trim()) blocks.push({ kind: 'bullet', text: cleanText(bullet.trim()) });
    }
  }
  if (resume.education.length > 0) {
    blocks.push({ kind: 'heading', text: 'Education' });
    for (const school of resume.education) {
      blocks.push({
        kind: 'entry',
        text: cleanText([school.degree, school.school].filter(Boolean).join(' — ')),
        meta: cleanText([school.location, school.graduation].filter(Boolean).join('  ·  ')),
      });
      if (school.focus?.trim()) blocks.push({ kind: 'paragraph', text: cleanText(school.focus) });
    }
  }
  if (resume.skills.length > 0) {
    blocks.push({ kind: 'heading', text: 'Skills' }, { kind: 'paragraph', text: cleanText(resume.skills.join(', ')) });
  }
  return blocks;
}
