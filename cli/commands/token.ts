/** `zonedata token`: prints a local JWT (signed with the data dir's key), alone on stdout. */
import { parseArgs } from 'node:util';
import { issueLocalToken } from '../../local/jwt.ts';
import { defaultDataDir } from '../../local/stack.ts';
import type { Command } from '../command.ts';

export const tokenCommand: Command = {
  name: 'token',
  summary: 'print a local access token: --group staff | rar | zone-<zoneId> (repeatable)',
  usage: [
    'Usage: zonedata token --group GROUP [--group GROUP…] [--subject NAME] [--hours N] [--data-dir DIR]',
    '',
    '  --group    staff, rar or zone-<zoneId> (e.g. zone-north); repeat for several groups',
    '  --subject  the user name in the token (default local-<groups>)',
    '  --hours    validity in hours (default 8)',
    '  --data-dir the local stack data dir (default $ZONEDATA_DATA_DIR or .data/)',
  ].join('\n'),
  run: async (args) => {
    const { values } = parseArgs({
      args,
      options: {
        group: { type: 'string', multiple: true },
        subject: { type: 'string' },
        hours: { type: 'string' },
        'data-dir': { type: 'string' },
      },
    });
    const groups = values.group ?? [];
    const hours = Number(values.hours ?? 8);
    if (groups.length === 0 || !Number.isFinite(hours) || hours <= 0 || hours > 24) {
      console.error('Give at least one --group (staff, rar, zone-<zoneId>) and --hours between 1 and 24.');
      return 1;
    }
    const token = await issueLocalToken(values['data-dir'] ?? defaultDataDir(), {
      groups,
      hours,
      ...(values.subject ? { subject: values.subject } : {}),
    });
    process.stdout.write(`${token}\n`);
    return 0;
  },
};
