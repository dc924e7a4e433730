/**
 * A POSIX ustar archive of a few small files, in memory. The audit bundle is
 * one download and one file the CLI writes; `tar -xf` on any system opens it.
 * Names are kept under 100 bytes (the ustar name field) by the caller.
 */
export type TarEntry = { name: string; body: string | Uint8Array; mode?: number; mtime?: Date };

const BLOCK = 512;

export function createTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const body = typeof e.body === 'string' ? Buffer.from(e.body, 'utf8') : Buffer.from(e.body);
    const name = Buffer.from(e.name, 'utf8');
    if (name.length > 100) throw new Error(`tar: entry name longer than 100 bytes: ${e.name}`);
    const header = Buffer.alloc(BLOCK, 0);
    name.copy(header, 0);
    writeOctal(header, 100, 8, e.mode ?? 0o644);
    writeOctal(header, 108, 8, 0);
    writeOctal(header, 116, 8, 0);
    writeOctal(header, 124, 12, body.length);
    writeOctal(header, 136, 12, Math.floor((e.mtime ?? new Date()).getTime() / 1000));
    header.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
    header.write('0', 156, 'ascii'); // regular file
    header.write('ustar\u000000', 257, 'binary');
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'binary');
    parts.push(header, body, Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return Buffer.concat(parts);
}

function writeOctal(buf: Buffer, offset: number, length: number, value: number): void {
  buf.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, 'ascii');
}
