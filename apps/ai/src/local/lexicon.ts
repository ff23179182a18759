/**
 * The local provider's knowledge: canonical skills with their synonyms and spellings, soft
 * skills, industries, seniority and degree levels. Matching maps every synonym onto one
 * canonical name, so "k8s" in a profile satisfies "Kubernetes" in a posting.
 */
import { hasPhrase, normalise } from './text';

/** canonical → aliases (lower-case). An alias starting with "=" is matched case-sensitively in the original text. */
const SKILL_ALIASES: Record<string, string[]> = {
  JavaScript: ['javascript', 'js', 'ecmascript', 'es6', 'es2015'],
  TypeScript: ['typescript', 'ts'],
  'Node.js': ['node.js', 'nodejs', 'node js', '=Node'],
  React: ['react', 'react.js', 'reactjs', 'react native'],
  'Next.js': ['next.js', 'nextjs'],
  Vue: ['vue', 'vue.js', 'vuejs', 'nuxt'],
  Angular: ['angular', 'angularjs'],
  Svelte: ['svelte', 'sveltekit'],
  HTML: ['html', 'html5'],
  CSS: ['css', 'css3', 'sass', 'scss', 'tailwind', 'tailwindcss'],
  Python: ['python', 'python3'],
  Django: ['django'],
  Flask: ['flask'],
  FastAPI: ['fastapi'],
  Java: ['java', 'jvm'],
  Spring: ['spring', 'spring boot', 'springboot'],
  Kotlin: ['kotlin'],
  Scala: ['scala'],
  Go: ['golang', '=Go'],
  Rust: ['rust'],
  'C++': ['c++', 'cpp'],
  'C#': ['c#', 'csharp', '.net', 'dotnet', 'asp.net'],
  Ruby: ['ruby', 'rails', 'ruby on rails'],
  PHP: ['php', 'laravel', 'symfony'],
  Swift: ['swift', 'swiftui'],
  SQL: ['sql', 'sqlite', 't-sql', 'pl/sql'],
  PostgreSQL: ['postgresql', 'postgres', 'psql'],
  MySQL: ['mysql', 'mariadb'],
  MongoDB: ['mongodb', 'mongo'],
  Redis: ['redis'],
  Elasticsearch: ['elasticsearch', 'opensearch', 'elastic'],
  GraphQL: ['graphql', 'apollo'],
  'REST APIs': ['restful', 'rest api', 'rest apis', 'openapi', '=REST'],
  gRPC: ['grpc', 'protobuf'],
  Kafka: ['kafka', 'event streaming'],
  RabbitMQ: ['rabbitmq', 'amqp'],
  Spark: ['spark', 'pyspark', 'apache spark'],
  dbt: ['dbt'],
  Airflow: ['airflow'],
  Docker: ['docker', 'containers', 'containerization'],
  Kubernetes: ['kubernetes', 'k8s', 'helm'],
  Terraform: ['terraform', 'infrastructure as code', 'iac', 'pulumi'],
  AWS: ['aws', 'amazon web services', 'lambda', 'ec2', 's3', 'dynamodb'],
  GCP: ['gcp', 'google cloud', 'bigquery'],
  Azure: ['azure'],
  'Cloudflare Workers': ['cloudflare workers', 'cloudflare', 'durable objects', 'wrangler', 'workers kv'],
  'CI/CD': ['ci/cd', 'ci', 'continuous integration', 'continuous delivery', 'github actions', 'gitlab ci', 'jenkins'],
  Linux: ['linux', 'unix', 'bash', 'shell scripting'],
  Git: ['git', 'github', 'gitlab'],
  Observability: ['observability', 'monitoring', 'prometheus', 'grafana', 'datadog', 'opentelemetry', 'logging'],
  'Machine Learning': ['machine learning', 'ml', 'deep learning', 'pytorch', 'tensorflow', 'scikit-learn'],
  LLM: ['llm', 'llms', 'large language models', 'openai', 'prompt engineering', 'rag'],
  'Data Analysis': ['data analysis', 'analytics', 'pandas', 'numpy', 'tableau', 'power bi'],
  OAuth: ['oauth', 'oauth2', 'oidc', 'openid connect', 'sso'],
  Security: ['security', 'appsec', 'owasp', 'penetration testing'],
  Testing: ['testing', 'unit testing', 'tdd', 'jest', 'vitest', 'pytest', 'cypress', 'playwright'],
  Microservices: ['microservices', 'microservice', 'distributed systems'],
  'System Design': ['system design', 'architecture', 'software architecture'],
  Agile: ['agile', 'scrum', 'kanban'],
  Figma: ['figma'],
  'Product Management': ['product management', 'roadmap', 'product roadmap'],
  Excel: ['excel', 'spreadsheets'],
  Salesforce: ['salesforce', 'crm'],
  SEO: ['seo', 'search engine optimization'],
};

const SOFT_SKILLS: Record<string, string[]> = {
  Leadership: ['lead', 'led', 'leading', 'leadership', 'head of', 'managed a team', 'manager'],
  Mentoring: ['mentor', 'mentored', 'mentoring', 'coaching', 'coached'],
  Communication: ['communication', 'communicate', 'presented', 'presentation', 'writing', 'documentation'],
  Collaboration: ['collaboration', 'collaborate', 'collaborated', 'cross-functional', 'teamwork', 'partnered'],
  Ownership: ['ownership', 'own', 'owned', 'end-to-end', 'drove', 'initiative'],
  'Stakeholder management': ['stakeholder', 'stakeholders', 'clients', 'customer-facing'],
  'Problem solving': ['problem solving', 'problem-solving', 'troubleshooting', 'debugging', 'analytical'],
};

export const INDUSTRIES: Record<string, string[]> = {
  Fintech: ['fintech', 'payments', 'banking', 'finance', 'financial', 'trading', 'insurance'],
  Healthcare: ['healthcare', 'health', 'medical', 'clinical', 'patients', 'biotech', 'pharma'],
  'E-commerce': ['e-commerce', 'ecommerce', 'retail', 'marketplace', 'shop', 'checkout'],
  SaaS: ['saas', 'b2b', 'subscription', 'platform'],
  Data: ['data', 'analytics', 'warehouse', 'etl', 'pipeline', 'streaming'],
  Climate: ['climate', 'energy', 'sustainability', 'carbon', 'renewable'],
  Gaming: ['gaming', 'games', 'game'],
  Security: ['security', 'cybersecurity', 'identity', 'fraud'],
  Education: ['education', 'edtech', 'learning', 'students'],
  Media: ['media', 'publishing', 'news', 'content', 'streaming video'],
  'Developer tools': ['developer', 'developers', 'devtools', 'api', 'apis', 'sdk', 'infrastructure', 'cloud', 'edge'],
  Logistics: ['logistics', 'supply chain', 'shipping', 'fleet'],
};

type Lexicon = { canonical: string; alias: string; caseSensitive: boolean }[];

function compile(table: Record<string, string[]>): Lexicon {
  const out: Lexicon = [];
  for (const [canonical, aliases] of Object.entries(table)) {
    // A two-letter name ("Go") is a common word in lower case: match it as written.
    out.push(
      canonical.length <= 2
        ? { canonical, alias: canonical, caseSensitive: true }
        : { canonical, alias: canonical.toLowerCase(), caseSensitive: false },
    );
    for (const a of aliases) {
      out.push(a.startsWith('=') ? { canonical, alias: a.slice(1), caseSensitive: true } : { canonical, alias: a, caseSensitive: false });
    }
  }
  // Longer aliases first, so "ruby on rails" is seen before "ruby".
  return out.sort((a, b) => b.alias.length - a.alias.length);
}

const SKILLS = compile(SKILL_ALIASES);
const SOFT = compile(SOFT_SKILLS);
const INDUSTRY = compile(INDUSTRIES);
const ALIAS_TO_SKILL = new Map(SKILLS.filter((e) => !e.caseSensitive).map((e) => [e.alias, e.canonical]));

function find(lexicon: Lexicon, text: string): string[] {
  const lower = normalise(text);
  const found = new Set<string>();
  for (const e of lexicon) {
    if (found.has(e.canonical)) continue;
    if (e.caseSensitive ? hasPhrase(text, e.alias) : hasPhrase(lower, e.alias)) found.add(e.canonical);
  }
  return [...found];
}

/** Canonical skills mentioned anywhere in `text`. */
export const findSkills = (text: string): string[] => find(SKILLS, text);
export const findSoftSkills = (text: string): string[] => find(SOFT, text);
export const findIndustries = (text: string): string[] => find(INDUSTRY, text);

/** The canonical name of a skill the user or a posting names ("k8s" → "Kubernetes"); unknown names stay as written. */
export function canonicalSkill(name: string): string {
  const key = normalise(name).trim();
  return ALIAS_TO_SKILL.get(key) ?? SKILLS.find((e) => e.caseSensitive && e.alias === name.trim())?.canonical ?? name.trim();
}

/** A comparable key for a skill name (canonical, lower-case). */
export const skillKey = (name: string): string => normalise(canonicalSkill(name));

/** Seniority ranks: 0 intern … 6 executive. */
export const SENIORITY: { rank: number; label: string; terms: string[]; minYears: number }[] = [
  { rank: 0, label: 'intern', terms: ['intern', 'internship', 'trainee', 'apprentice', 'working student'], minYears: 0 },
  { rank: 1, label: 'entry', terms: ['junior', 'jr', 'entry', 'entry-level', 'graduate', 'associate'], minYears: 0 },
  { rank: 2, label: 'mid', terms: ['mid', 'mid-level', 'intermediate', 'engineer ii', 'developer ii'], minYears: 2 },
  { rank: 3, label: 'senior', terms: ['senior', 'sr', 'experienced', 'engineer iii'], minYears: 5 },
  { rank: 4, label: 'staff', terms: ['staff', 'lead', 'tech lead', 'team lead'], minYears: 8 },
  { rank: 5, label: 'principal', terms: ['principal', 'architect', 'distinguished', 'manager', 'head'], minYears: 10 },
  { rank: 6, label: 'executive', terms: ['director', 'vp', 'vice president', 'cto', 'chief'], minYears: 12 },
];

/** The seniority a title or level field names, or null when it names none. */
export function seniorityOf(text: string | null | undefined): (typeof SENIORITY)[number] | null {
  if (!text) return null;
  const lower = normalise(text);
  for (const level of [...SENIORITY].reverse()) {
    if (level.terms.some((t) => hasPhrase(lower, t))) return level;
  }
  return null;
}

/** Degree levels: 0 none … 4 doctorate. */
export function degreeLevel(text: string | null | undefined): number {
  if (!text) return 0;
  const t = normalise(text);
  if (/\b(ph\.?d|doctor|doctorate|dphil)\b/.test(t)) return 4;
  if (/\b(master|m\.?sc|m\.?s\.?|m\.?a\.?|mba|m\.?eng|msc|meng)\b/.test(t)) return 3;
  if (/\b(bachelor|b\.?sc|b\.?s\.?|b\.?a\.?|b\.?eng|bsc|beng|undergraduate)\b/.test(t)) return 2;
  if (/\b(associate|diploma|certificate|bootcamp|apprenticeship)\b/.test(t)) return 1;
  return 0;
}

export const DEGREE_NAMES = ['no degree', 'diploma or certificate', "bachelor's degree", "master's degree", 'doctorate'];
