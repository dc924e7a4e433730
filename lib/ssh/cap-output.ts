/**
 * Keeps the first and last halves of a stream's output within `maxBytes`, so a
 * command printing 50 MB costs at most `maxBytes` of memory, and what is shown
 * still has the start (what ran) and the end (how it failed).
 */
export class OutputCap {
  private readonly headLimit: number;
  private readonly tailLimit: number;
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private droppedBytes = 0;

  constructor(maxBytes: number) {
    if (!Number.isInteger(maxBytes) || maxBytes < 2) throw new RangeError('maxBytes must be an integer ≥ 2');
    this.headLimit = Math.ceil(maxBytes / 2);
    this.tailLimit = Math.floor(maxBytes / 2);
  }

  get truncated(): boolean {
    return this.droppedBytes > 0;
  }

  push(text: string): void {
    if (text.length === 0) return;
    let bytes = Buffer.from(text, 'utf8');
    const headRoom = this.headLimit - this.headBytes;
    if (headRoom > 0) {
      const taken = bytes.subarray(0, headRoom);
      this.head.push(taken);
      this.headBytes += taken.length;
      bytes = bytes.subarray(taken.length);
    }
    if (bytes.length > 0) this.pushTail(bytes);
  }

  /** Head, a marker naming how much was cut, and tail. */
  toString(): string {
    const head = Buffer.concat(this.head);
    const tail = Buffer.concat(this.tail);
    if (!this.truncated) return Buffer.concat([head, tail]).toString('utf8');
    const cleanHead = head.subarray(0, lastCharBoundary(head));
    const cleanTail = tail.subarray(firstCharBoundary(tail));
    const cut = this.droppedBytes + (head.length - cleanHead.length) + (tail.length - cleanTail.length);
    return `${cleanHead.toString('utf8')}\n…[${cut} bytes truncated]…\n${cleanTail.toString('utf8')}`;
  }

  private pushTail(bytes: Buffer): void {
    // Copy: `bytes` may be a view into a large chunk we must not keep alive.
    this.tail.push(Buffer.from(bytes));
    this.tailBytes += bytes.length;
    while (this.tailBytes > this.tailLimit) {
      const excess = this.tailBytes - this.tailLimit;
      const first = this.tail[0];
      if (!first) break;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
        this.droppedBytes += first.length;
      } else {
        this.tail[0] = Buffer.from(first.subarray(excess));
        this.tailBytes -= excess;
        this.droppedBytes += excess;
      }
    }
  }
}

/** Index just past the last complete UTF-8 character. */
function lastCharBoundary(bytes: Buffer): number {
  let start = bytes.length - 1;
  while (start >= 0 && start >= bytes.length - 4 && (bytes.readUInt8(start) & 0xc0) === 0x80) start--;
  if (start < 0) return bytes.length;
  const lead = bytes.readUInt8(start);
  const width = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return start + width <= bytes.length ? bytes.length : start;
}

/** Index of the first byte that starts a UTF-8 character. */
function firstCharBoundary(bytes: Buffer): number {
  let index = 0;
  while (index < bytes.length && index < 3 && (bytes.readUInt8(index) & 0xc0) === 0x80) index++;
  return index;
}
