/** One place the command palette can jump to (lib/palette/palette-targets.ts builds them per user). */
export type PaletteTarget = {
  kind: 'incident' | 'run' | 'host' | 'playbook';
  label: string;
  detail: string;
  href: string;
};
