export * as jobs from './jobs';
export * as users from './users';
export * as sessions from './sessions';
export * as jobFeedback from './job-feedback';
export * as applications from './applications';
export * as trackedApplications from './tracked-applications';
export * as files from './files';
export * as usageLimits from './usage-limits';
export * as emailHistory from './email-history';
export * as jobAnalyses from './job-analyses';
export * as jobsMaintenance from './jobs-maintenance';
export * as profile from './profile';
export * as profileVersion from './profile-version';
export * as workExperience from './work-experience';
export * as education from './education';
export * as skills from './skills';
export * as resumes from './resumes';
export * as jobPreferences from './job-preferences';
export * as gapAnalyses from './gap-analyses';
export * as securityEvents from './security-events';
export * as idempotency from './idempotency';
// Settings, structured resumes, narratives and job quality (issue 16 part B)
export * as billing from './billing';
export * as usageMetrics from './usage-metrics';
export * as narratives from './work-experience-narratives';
export * as jobQuality from './job-quality';
export * as account from './account';
export * as jobSearches from './job-searches';
export * as oauthStates from './oauth-states';
export * from './quotas';
export * as userStorage from './user-storage';
export * from './application-variant';
export * from './row-schemas';
export * from './sql';
export type { Job, JobFilters, JobPatch, NewJob } from './jobs';
export type { UserIdentity } from './users';
export type { Revocation, Session, SessionDevice } from './sessions';
export type { FeedbackInput, FeedbackType, JobFeedback, SpamReport } from './job-feedback';
export type {
  Application,
  ApplicationFilters,
  ApplicationPatch,
  ApplicationStatus,
  ApplicationVariant,
  NewApplication,
} from './applications';
export type { NewTracked, StatusChange, TrackedApplication, TrackedFilters, TrackedPatch, TrackedStatus } from './tracked-applications';
export { FILE_BUCKETS } from './files';
export type { FileBucket, FileRecord, NewFile } from './files';
export type { Usage, UsagePeriod, UsagePolicy } from './usage-limits';
export type { EmailRecord, EmailStatus, NewEmail } from './email-history';
export type { JobAnalysis } from './job-analyses';
export type { CompleteProfile, OAuthProfileData, Profile, ProfilePatch } from './profile';
export type { WorkExperience, WorkExperienceInput } from './work-experience';
export type { Education, EducationInput } from './education';
export type { Skill, SkillInput, SkillLevel } from './skills';
export type { Resume, ResumeFile, ResumeFormat, ResumeInput, ResumeType } from './resumes';
export type { JobPreferences, JobPreferencesInput } from './job-preferences';
export type { GapAnalysis, GapAnalysisInput, GapAnswer, GapQuestionInput, Urgency } from './gap-analyses';
export type { SecurityEvent, SecurityEventInput } from './security-events';
export type { DuplicateCandidate } from './job-quality';
export type { JobSearch, NewJobSearch, ScrapedJob, SearchError } from './job-searches';
export * as jobEmbeddings from './job-embeddings';
export * as jobMatchScore from './job-match-score';
export * as aiUsage from './ai-usage';
export type { EmbeddingRow, JobToIndex } from './job-embeddings';
export type { UsageDelta, UsageTotals } from './ai-usage';
export * as shards from './shards';
export * as shardDirectory from './shard-directory';
export * as sessionOwners from './session-owners';
export { directoryDb, forEachShard, shardDbs, soleShardDb, userDb, type Shard, type ShardEnv } from './shards';
export * as userMoves from './user-moves';
export * as shardMove from './shard-move';
export * from './read-session';
