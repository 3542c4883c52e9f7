/** What a CLI command is: a name, a one-line summary, usage text and a run function returning an exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}
