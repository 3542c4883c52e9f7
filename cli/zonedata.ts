/** The `zonedata` command line: one file per command in cli/commands/. */
import type { Command } from './command.ts';
import { reportCommand } from './commands/report.ts';
import { startCommand } from './commands/start.ts';
import { tokenCommand } from './commands/token.ts';
import { verifyCommand } from './commands/verify.ts';

const commands: Command[] = [startCommand, tokenCommand, reportCommand, verifyCommand];

const help = () =>
  [
    'zonedata: data and reporting for the Brussels care zones',
    '',
    'Usage: zonedata <command> [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`),
    '',
    'Run `zonedata <command> --help` for the options of a command.',
  ].join('\n');

const main = async (argv: string[]): Promise<number> => {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(help());
    return name ? 0 : 1;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${help()}`);
    return 1;
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  return command.run(args);
};

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
