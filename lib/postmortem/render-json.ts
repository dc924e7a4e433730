import { PostmortemSchema, type Postmortem } from './schema';

/**
 * The JSON export: the whole post-mortem, checked against the schema it
 * documents (docs/postmortem-export.schema.json) before it is written, so a
 * reader never gets a file that does not match.
 */
export function renderJson(pm: Postmortem): string {
  return JSON.stringify(PostmortemSchema.parse(pm), null, 2) + '\n';
}
