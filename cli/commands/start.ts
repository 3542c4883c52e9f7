/** `zonedata start`: the local stack (DynamoDB Local, s3rver, aggregator, API, web pages) until Ctrl-C / SIGTERM. */
import { parseArgs } from 'node:util';
import { assertJava, JavaMissingError } from '../../local/emulators.ts';
import { defaultDataDir, startLocalStack } from '../../local/stack.ts';
import { ensureWebBuild } from '../../web/build.ts';
import type { Command } from '../command.ts';

export const startCommand: Command = {
  name: 'start',
  summary: 'run the local stack with demo data (PORT, ZONEDATA_DATA_DIR, ZONEDATA_DEMO=0)',
  usage: [
    'Usage: zonedata start [--port N] [--data-dir DIR] [--no-demo]',
    '',
    '  --port N        HTTP port (default $PORT or 3000)',
    '  --data-dir DIR  where DynamoDB Local, s3rver and the signing key keep their data',
    '                  (default $ZONEDATA_DATA_DIR or .data/)',
    '  --no-demo       do not load demo data into a new data dir (same as ZONEDATA_DEMO=0)',
  ].join('\n'),
  run: async (args) => {
    const { values } = parseArgs({
      args,
      options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, 'no-demo': { type: 'boolean' } },
    });
    const port = Number(values.port ?? process.env.PORT ?? 3000);
    const dataDir = values['data-dir'] ?? defaultDataDir();
    const demo = !values['no-demo'] && process.env.ZONEDATA_DEMO !== '0';
    let stack: Awaited<ReturnType<typeof startLocalStack>>;
    try {
      assertJava();
      await ensureWebBuild((line) => console.log(line));
      stack = await startLocalStack({ dataDir, port, demo, log: (line) => console.log(line) });
    } catch (error) {
      if (error instanceof JavaMissingError) {
        console.error(error.message);
        return 1;
      }
      throw error;
    }
    console.log(
      [
        '',
        `zonedata is ready: ${stack.url}/`,
        `  web (surveys)   ${stack.url}/`,
        `  staff pages     ${stack.url}/staff (local sign-in: pick a group)`,
        `  RAR dashboard   ${stack.url}/dashboard (sign in as rar or staff)`,
        `  API             ${stack.url}/api`,
        `  health          ${stack.url}/api/health`,
        `  open surveys    ${stack.url}/api/surveys`,
        `  DynamoDB Local  ${stack.dynamodbEndpoint} (table ${stack.config.TABLE_NAME})`,
        `  s3rver          ${stack.s3Endpoint} (bucket ${stack.config.REPORT_BUCKET})`,
        `  data dir        ${stack.dataDir}`,
        '  staff token     npm run --silent token -- --group staff',
        'Press Ctrl-C to stop.',
      ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        console.log(`\n${signal}: stopping…`);
        stack.stop().then(resolve, resolve);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    return 0;
  },
};
