import type { Root, RootContent } from 'mdast';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';

/**
 * YAML (`---`) or TOML (`+++`) front matter: static-site post-mortems and
 * warroom's own export carry the title, date and severity there. remark-
 * frontmatter turns the block into one `yaml` / `toml` node; its text is
 * parsed by a real YAML or TOML parser, never by line regexes.
 */
export interface FrontMatter {
  /** The node, so the plan walk can leave it out of the header. */
  node: RootContent;
  title: string | null;
  date: string | null;
  severity: string | null;
  /** "timezone", "tz" or "zone": the zone entries without one are in. */
  zone: string | null;
  /** The block as written, kept as a note. */
  raw: string;
  /** Why it could not be read, when it could not. */
  error: string | null;
}

export function readFrontMatter(root: Root): FrontMatter | null {
  const node = root.children[0] as (RootContent & { value?: string }) | undefined;
  const kind = (node as { type?: string } | undefined)?.type;
  if (!node || (kind !== 'yaml' && kind !== 'toml')) return null;
  const raw = node.value ?? '';
  const base = { node, title: null, date: null, severity: null, zone: null, raw };
  let data: unknown;
  try {
    data = kind === 'yaml' ? parseYaml(raw) : parseToml(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ...base, error: `${kind === 'yaml' ? 'YAML' : 'TOML'}: ${reason}` };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { ...base, error: null };
  const fields = data as Record<string, unknown>;
  const text = (...keys: string[]) => {
    for (const key of keys) {
      const value = scalarText(fields[key]);
      if (value) return value;
    }
    return null;
  };
  // warroom's export has no `date`, but says when the incident started.
  const started = text('startedAt', 'detectedAt');
  return {
    ...base,
    title: text('title'),
    date: text('date') ?? (started ? started.slice(0, 10) : null),
    severity: text('severity', 'sev', 'priority'),
    zone: text('timezone', 'tz', 'zone'),
    error: null,
  };
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  // smol-toml's dates keep their written form ("2023-11-02") in toISOString.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  return null;
}
