/** Feature commands register here (import, export …). */
export type CliCommand = { name: string; usage: string; run: (args: string[]) => Promise<number> };

export const EXTRA_COMMANDS: CliCommand[] = [];
