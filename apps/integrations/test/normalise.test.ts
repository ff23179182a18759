/** The posting normalisers on the shapes boards really publish. */
import { describe, expect, it } from 'vitest';
import { decodeEntities, experienceLevelOf, htmlToText, parseSalary, workArrangementOf, yearly } from '../src/job-sources/normalise';

describe('job posting normalisers', () => {
  it('reads salary ranges as yearly numbers', () => {
    expect(parseSalary('Salary: $120,000 - $150,000 per year')).toEqual({ min: 120000, max: 150000 });
    expect(parseSalary('Compensation €70k–90k')).toEqual({ min: 70000, max: 90000 });
    expect(parseSalary('Gehalt: €60.000 - €75.000')).toEqual({ min: 60000, max: 75000 });
    expect(parseSalary('$60 - $70 per hour')).toEqual({ min: 124800, max: 145600 });
    expect(parseSalary('Starting at £45,000')).toEqual({ min: 45000, max: null });
    expect(parseSalary('We offer 25 days of holiday and $5 lunches')).toEqual({ min: null, max: null });
    expect(parseSalary(null)).toEqual({ min: null, max: null });
    expect(yearly(40, 'per-hour-wage')).toBe(83200);
    expect(yearly(5000, 'per-month-salary')).toBe(60000);
    expect(yearly(0, 'per-year-salary')).toBeNull();
  });

  it('decodes entity-encoded HTML (Greenhouse content) into readable text', () => {
    const encoded =
      '&lt;p&gt;Tools &amp;amp; &lt;strong&gt;APIs&lt;/strong&gt;&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Zo&amp;euml;&lt;/li&gt;&lt;/ul&gt;';
    expect(htmlToText(htmlToText(encoded))).toBe('Tools & APIs\n\n• Zoë');
    expect(decodeEntities('&#x141;&#243;d&#378; &ndash; &unknown;')).toBe('Łódź – &unknown;');
  });

  it('classifies work arrangement and level', () => {
    expect(workArrangementOf('New York, NY (Hybrid)')).toBe('hybrid');
    expect(workArrangementOf('Remote - Europe')).toBe('remote');
    expect(workArrangementOf('Berlin', 'On-site in Berlin')).toBe('on-site');
    expect(workArrangementOf('Berlin')).toBeNull();
    expect(experienceLevelOf('Sr. Backend Engineer')).toBe('senior');
    expect(experienceLevelOf('Staff Engineer')).toBe('lead');
    expect(experienceLevelOf('Junior Developer')).toBe('entry');
    expect(experienceLevelOf('Backend Engineer')).toBeNull();
  });
});
