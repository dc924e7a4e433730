import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePlan, postmortemFromPlan } from '../../tests/support/postmortem-sample';
import { renderJson } from './render-json';
import { PostmortemSchema, postmortemJsonSchema } from './schema';

describe('the JSON export schema', () => {
  it('is committed as generated (docs/postmortem-export.schema.json); regenerate with `warroom export --schema`', () => {
    const committed = JSON.parse(
      fs.readFileSync(path.join(process.cwd(), 'docs', 'postmortem-export.schema.json'), 'utf8'),
    );
    expect(committed).toEqual(postmortemJsonSchema());
  });

  it('the JSON export carries schemaVersion and parses back into the same post-mortem', () => {
    const pm = postmortemFromPlan(fixturePlan());
    const json = JSON.parse(renderJson(pm));
    expect(json.schemaVersion).toBe(1);
    expect(PostmortemSchema.parse(json)).toEqual(pm);
  });

  it('refuses to write a post-mortem that does not match its schema', () => {
    const pm = postmortemFromPlan(fixturePlan());
    expect(() => renderJson({ ...pm, timeline: [{ at: 1 }] } as never)).toThrow();
  });
});
