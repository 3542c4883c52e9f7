/**
 * `zonedata report --period 2025-Q3 [--out DIR]`: runs a report on the local stack and downloads its files.
 * Uses the running stack's API when one answers on PORT; otherwise starts the emulators on the data dir
 * itself (without the HTTP server) for the time of the run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { issueLocalToken } from '../../local/jwt.ts';
import { defaultDataDir, startLocalStack } from '../../local/stack.ts';
import { isPeriod } from '../../shared/period.ts';
import type { Command } from '../command.ts';

interface Download {
  name: string;
  url: string;
}
interface Status {
  latest: { runId: string; status: string; reason?: string; downloads?: Download[] };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const viaApi = async (base: string, token: string, period: string): Promise<Status['latest']> => {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const started = await fetch(`${base}/api/reports`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ period }),
  });
  if (started.status !== 202) throw new Error(`${started.status} ${await started.text()}`);
  const { runId } = (await started.json()) as { runId: string };
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${base}/api/reports/${period}`, { headers });
    const body = (await res.json()) as Status;
    if (body.latest.runId === runId && ['succeeded', 'failed'].includes(body.latest.status))
      return body.latest;
    await sleep(500);
  }
  throw new Error('the report run did not finish within 10 minutes');
};

const inProcess = async (dataDir: string, period: string): Promise<Status['latest']> => {
  const stack = await startLocalStack({ dataDir, http: false, demo: false });
  try {
    await stack.drain();
    const { reportStatus, settleLocalRuns, startReportRun } = await import('../../shared/reports/index.ts');
    const run = await startReportRun(period, 'cli');
    await settleLocalRuns();
    const { latest } = (await reportStatus(period, { subject: 'cli', groups: ['staff'] })) as Status;
    if (latest.runId !== run.runId) throw new Error('another run finished first; try again');
    // Download while s3rver still runs.
    return { ...latest, downloads: await fetchAll(latest.downloads ?? []) };
  } finally {
    await stack.stop();
  }
};

const fetched = new Map<string, Buffer>();
const fetchAll = async (downloads: Download[]) => {
  for (const d of downloads) {
    const res = await fetch(d.url);
    if (!res.ok) throw new Error(`download of ${d.name} failed: ${res.status}`);
    fetched.set(d.url, Buffer.from(await res.arrayBuffer()));
  }
  return downloads;
};

export const reportCommand: Command = {
  name: 'report',
  summary: 'generate the RAR report of a period on the local stack and download it',
  usage: [
    'Usage: zonedata report --period PERIOD [--out DIR] [--data-dir DIR] [--port N]',
    '',
    '  --period  a quarter (2025-Q3) or a year (2025)',
    '  --out     where to save rar-PERIOD.xlsx, rar-PERIOD.json and manifest.json (default reports/PERIOD/)',
    '  --port    the running local stack (default $PORT or 3000); if none answers, the emulators are started',
    '            on the data dir for the time of the run (stop `npm start` first if it uses another port)',
  ].join('\n'),
  run: async (args) => {
    const { values } = parseArgs({
      args,
      options: {
        period: { type: 'string' },
        out: { type: 'string' },
        'data-dir': { type: 'string' },
        port: { type: 'string' },
      },
    });
    const period = values.period ?? '';
    if (!isPeriod(period)) {
      console.error(
        'Période invalide : utilisez AAAA-Tn (2025-Q3) ou AAAA. · Ongeldige periode: gebruik JJJJ-Qn (2025-Q3) of JJJJ.',
      );
      return 1;
    }
    const dataDir = values['data-dir'] ?? defaultDataDir();
    const base = `http://127.0.0.1:${values.port ?? process.env.PORT ?? 3000}`;
    const running = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    const latest = running
      ? await viaApi(
          base,
          await issueLocalToken(dataDir, { groups: ['staff'], subject: 'cli' }),
          period,
        ).then(async (l) => ({ ...l, downloads: await fetchAll(l.downloads ?? []) }))
      : await inProcess(dataDir, period);
    if (latest.status !== 'succeeded') {
      console.error(
        `Échec du rapport · Rapport mislukt (${latest.runId}): ${latest.reason ?? latest.status}`,
      );
      return 1;
    }
    const out = path.resolve(values.out ?? path.join('reports', period));
    await mkdir(out, { recursive: true });
    for (const d of latest.downloads ?? []) {
      const file = path.join(out, d.name);
      await writeFile(file, fetched.get(d.url) ?? Buffer.alloc(0));
      console.log(file);
    }
    console.log(`Run ${latest.runId}: ${latest.status}`);
    return 0;
  },
};
