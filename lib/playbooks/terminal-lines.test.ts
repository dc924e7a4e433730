import { describe, expect, it } from 'vitest';
import { terminalLines } from './terminal-lines';

describe('terminalLines', () => {
  it('shows a carriage-return progress line as its last state', () => {
    expect(terminalLines('\r 10%\r 50%\r100%\ndone\n')).toEqual(['100%', 'done']);
  });
  it('keeps CRLF line ends and colour codes', () => {
    expect(terminalLines('a\r\n\u001b[31mred\u001b[0m\n')).toEqual(['a', '\u001b[31mred\u001b[0m']);
  });
  it('a shorter rewrite leaves the rest of the old line, as a terminal does', () => {
    expect(terminalLines('abcdef\rXY')).toEqual(['XYcdef']);
  });
});
