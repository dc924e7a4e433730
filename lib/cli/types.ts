/**
 * A feature's CLI command. A leaf file: features import this type, and
 * lib/cli/extra-commands.ts imports the features' commands — without it the
 * two would import each other.
 */
export type CliCommand = { name: string; usage: string; run: (args: string[]) => Promise<number> };
