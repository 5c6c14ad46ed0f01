/**
 * The command line is wrong: the CLI prints the message and exits with status 2. `pointToHelp`
 * adds "(see luaward --help)" for mistakes in the command line's shape.
 */
export class UsageError extends Error {
  readonly pointToHelp: boolean;

  constructor(message: string, options: { pointToHelp?: boolean } = {}) {
    super(message);
    this.name = 'UsageError';
    this.pointToHelp = options.pointToHelp ?? true;
  }
}
