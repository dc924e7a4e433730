/**
 * Output as a terminal shows it: a carriage return (not followed by a
 * newline) returns to the start of the line, so `\r 10%\r 20%` shows one
 * line, "20%", the way a progress bar means it. ANSI colour codes are kept
 * for the renderer (anser). Pure; used by the run page.
 */
export function terminalLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const normalized = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const parts = normalized.split('\r');
    // Later writes overwrite earlier ones from column 0; a shorter rewrite leaves the old tail.
    let line = '';
    for (const part of parts) line = part.length >= visibleLength(line) ? part : part + line.slice(part.length);
    lines.push(line);
  }
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}
