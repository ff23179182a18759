/** The application email: a text/plain part and the same content as escaped HTML. */
import { dateRange, type ApplicationContent } from '../application-content';
import type { OutgoingMail } from './sendgrid';

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

export interface ComposeOptions {
  to: string;
  subject?: string;
  body?: string;
  includeCoverLetter: boolean;
  includeResume: boolean;
}

interface Section {
  heading: string | null;
  paragraphs: string[];
  bullets?: string[];
}

function sections(content: ApplicationContent, o: ComposeOptions): Section[] {
  const { applicant, variant } = content;
  const intro =
    o.body?.trim() ||
    `Dear Hiring Manager,\n\nPlease find my application for the ${content.jobTitle} position at ${content.company} below.\n\nKind regards,\n${applicant.name}`;
  const out: Section[] = [{ heading: null, paragraphs: intro.split(/\n{2,}/) }];
  if (o.includeCoverLetter && variant.coverLetter.trim()) {
    out.push({ heading: 'Cover letter', paragraphs: variant.coverLetter.trim().split(/\n{2,}/) });
  }
  if (o.includeResume) {
    const r = variant.resume;
    const contact = [applicant.email, applicant.phone, applicant.location, applicant.linkedinUrl].filter(Boolean).join(' · ');
    out.push({ heading: `Resume — ${applicant.name}`, paragraphs: [contact, r.summary].filter(Boolean) });
    for (const job of r.experience) {
      out.push({
        heading: null,
        paragraphs: [`${job.title} — ${job.company}${job.location ? `, ${job.location}` : ''} (${dateRange(job.startDate, job.endDate)})`],
        bullets: job.bullets,
      });
    }
    for (const school of r.education) {
      out.push({
        heading: null,
        paragraphs: [
          `${school.degree} — ${school.school}${school.location ? `, ${school.location}` : ''}${school.graduation ? ` (${school.graduation})` : ''}${school.focus ? `: ${school.focus}` : ''}`,
        ],
      });
    }
    if (r.skills.length > 0) out.push({ heading: 'Skills', paragraphs: [r.skills.join(', ')] });
  }
  return out;
}

function toText(parts: Section[]): string {
  return parts
    .map((s) =>
      [
        s.heading ? `${s.heading}\n${'='.repeat(Math.min(60, s.heading.length))}` : '',
        ...s.paragraphs,
        ...(s.bullets ?? []).map((b) => `  • ${b}`),
      ]
        .filter(Boolean)
        .join('\n\n'),
    )
    .join('\n\n');
}

function toHtml(parts: Section[]): string {
  const p = (text: string) => `<p>${escapeHtml(text).replaceAll('\n', '<br>')}</p>`;
  const body = parts
    .map((s) =>
      [
        s.heading ? `<h2>${escapeHtml(s.heading)}</h2>` : '',
        ...s.paragraphs.map(p),
        s.bullets?.length ? `<ul>${s.bullets.map((b) => `<li>${escapeHtml(b)}</li>`).join('')}</ul>` : '',
      ].join(''),
    )
    .join('\n');
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${body}</body></html>`;
}

export function composeApplicationEmail(content: ApplicationContent, o: ComposeOptions, customArgs: Record<string, string>): OutgoingMail {
  const parts = sections(content, o);
  const { applicant } = content;
  return {
    to: { email: o.to },
    ...(applicant.email ? { replyTo: { email: applicant.email, name: applicant.name } } : {}),
    subject: o.subject?.trim() || `Application for ${content.jobTitle} at ${content.company} — ${applicant.name}`,
    text: toText(parts),
    html: toHtml(parts),
    customArgs,
  };
}
