/**
 * A step's output as kept and shown: the first HEAD characters, the last
 * TAIL characters, and a count of what was cut between them. The runner
 * stores this window, and the browser builds the same window from the live
 * chunks, so a reload shows exactly what a watcher saw. Pure (no Node
 * APIs): imported by client components too.
 */

export const OUTPUT_HEAD_CHARS = 64 * 1024;
export const OUTPUT_TAIL_CHARS = 64 * 1024;

export type OutputWindow = {
  head: string;
  tail: string;
  /** Characters dropped between head and tail. */
  cut: number;
  /** Characters received in all: head.length + cut + tail.length. */
  total: number;
};

export function emptyWindow(): OutputWindow {
  return { head: '', tail: '', cut: 0, total: 0 };
}

/**
 * Appends `text`, which starts at character `offset` of the output. A chunk
 * already seen (offset + length ≤ total) is ignored, an overlap is trimmed,
 * and a gap (chunks the sender skipped) counts as cut.
 */
export function appendOutput(
  window: OutputWindow,
  chunk: string,
  offset = window.total,
  limits = { head: OUTPUT_HEAD_CHARS, tail: OUTPUT_TAIL_CHARS },
): OutputWindow {
  if (offset + chunk.length <= window.total) return window;
  let { head, tail, cut } = window;
  let text = offset < window.total ? chunk.slice(window.total - offset) : chunk;
  if (offset > window.total) cut += offset - window.total;
  // The head is the contiguous start of the output: it grows only until the first cut.
  if (cut === 0 && tail.length === 0 && head.length < limits.head) {
    const room = limits.head - head.length;
    head += text.slice(0, room);
    text = text.slice(room);
  }
  tail += text;
  if (tail.length > limits.tail) {
    cut += tail.length - limits.tail;
    tail = tail.slice(tail.length - limits.tail);
  }
  return { head, tail, cut, total: head.length + cut + tail.length };
}

/** The window as one text, the cut marked on its own line. */
export function windowText(window: OutputWindow): string {
  if (window.cut === 0) return window.head + window.tail;
  return `${window.head}\n…[${window.cut} characters cut]…\n${window.tail}`;
}
