/** Markdown RCA / fix plan → IncidentPlan. Pure: no I/O, no database, no env. */
export { importPlan, importPlanAsync, type ImportPlanAsyncOptions, type ImportPlanResult } from './import-plan';
export { parsePlan } from './parse-plan';
export { checkUpload, MAX_NESTING_DEPTH, MAX_UPLOAD_BYTES, type UploadCheck } from './check-upload';
export { parseCadence } from './parse-cadence';
export {
  DEFAULT_ZONE_OFFSETS,
  findTimestamps,
  suggestTimeline,
  type SuggestedTimelineEvent,
  type SuggestTimelineOptions,
} from './suggest-timeline';
export * from './types';
