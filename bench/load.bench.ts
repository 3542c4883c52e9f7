/**
 * `npm run bench:load [-- --clients N --seconds S]`: load and fault benchmark on loopback. N clients post
 * survey responses for S seconds, each retrying with the same submissionId until it is accepted (a fifth
 * send every request twice); DynamoDB Local is killed at 40 % of the run and restarted by the stack's
 * supervisor. Afterwards: stored responses = distinct accepted submissions, figures = recomputation from
 * source, no 5xx but 503. Prints throughput, p50/p95/p99 and the ratio of HTTP ingest throughput (before
 * the kill) to raw SDK TransactWriteItems throughput against the same DynamoDB Local (target ≥ 0.5).
 *
 * A missing accepted submission is printed with its guard and response. DynamoDB Local answers a
 * transaction before its COMMIT runs (bench/results.md), so a SIGKILL can undo a write it acknowledged a
 * few milliseconds earlier: a submission accepted within LOSS_WINDOW_MS of the kill (its 201 may reach the
 * client a little after it; the restarted emulator takes seconds to answer) whose guard and response are
 * both absent is counted as lost by the emulator; any other missing one fails the run.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { freePort } from '../local/emulators.ts';
import { startLocalStack } from '../local/stack.ts';
import survey from '../test/fixtures/survey-wellbeing.json' with { type: 'json' };

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '120' },
    'sdk-seconds': { type: 'string', default: '10' },
  },
});
const CLIENTS = Math.min(1000, Math.max(1, Number(values.clients)));
const SECONDS = Math.min(600, Math.max(5, Number(values.seconds)));
const SDK_SECONDS = Math.min(60, Math.max(2, Number(values['sdk-seconds'])));
const MAX_TRIES = 200;
/** After the run, a submission still being retried gets this long to be accepted. */
const TAIL_MS = 120_000;
const LOSS_WINDOW_MS = 1_000;
const ZONES = ['centre-west', 'south', 'south-east', 'north-east', 'north'];
const PRIORITIES = ['accessibility', 'collaboration', 'training'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);

// Handler logs (one warning per 503 while the database is down) would drown the figures.
process.env.LOG_LEVEL = 'SILENT';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zonedata-load-'));
const log = (line: string) => console.log(`[stack] ${line}`);
const stack = await startLocalStack({ dataDir, port: await freePort(), demo: false, log });
try {
  const { publishSurvey } = await import('../shared/surveys/index.ts');
  const { surveyDefinitionSchema } = await import('../shared/surveys/schema.ts');
  const { clients } = await import('../shared/store/clients.ts');
  const { keys } = await import('../shared/store/keys.ts');
  const { quarterOfInstant } = await import('../shared/period.ts');
  const { verifyPeriod } = await import('../shared/aggregates/verify.ts');
  const { checkAccepted } = await import('../test/support/accepted.ts');
  await publishSurvey(surveyDefinitionSchema.parse(survey), { subject: 'bench', groups: ['staff'] });

  // 1. Raw SDK: the same two-item transaction the submit route writes, as fast as CLIENTS workers can.
  const { doc, config } = clients();
  let sdkOps = 0;
  let sdkErrors = 0;
  const sdkEnd = Date.now() + SDK_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < sdkEnd) {
        const id = randomUUID();
        const at = new Date().toISOString();
        // A failed write is counted, not fatal: the baseline is what the storage completes.
        const sent = doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: config.TABLE_NAME,
                  Item: { ...keys.submission('sdk-baseline', id), entity: 'bench', bodyHash: 'x' },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              {
                Put: {
                  TableName: config.TABLE_NAME,
                  Item: {
                    ...keys.response('sdk-baseline', 'bench', id, at, id),
                    entity: 'bench',
                    answers: {},
                  },
                },
              },
            ],
          }),
        );
        await sent.then(
          () => sdkOps++,
          () => sdkErrors++,
        );
      }
    }),
  );
  const sdkRate = sdkOps / SDK_SECONDS;

  // 2. HTTP: clients that retry with the same submissionId; a fifth send each request twice.
  const url = `${stack.url}/api/surveys/${survey.surveyId}/responses`;
  const statuses = new Map<string, number>();
  const latencies: number[] = [];
  /** submissionId → when it was accepted. */
  const accepted = new Map<string, number>();
  let acceptedBeforeKill = 0;
  let killedAt = 0;
  const start = Date.now();
  const end = start + SECONDS * 1000;
  const killAt = start + SECONDS * 400;
  let killed = false;
  const post = async (body: string) => {
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.arrayBuffer();
      return String(res.status);
    } catch {
      return 'network';
    }
  };
  const killer = (async () => {
    await sleep(killAt - Date.now());
    const pid = stack.emulators.dynamodb.current().pid;
    if (pid) process.kill(pid, 'SIGKILL');
    killedAt = Date.now();
    killed = true;
    console.log(
      `[bench] DynamoDB Local (pid ${pid}) killed at ${((Date.now() - start) / 1000).toFixed(1)} s`,
    );
  })();
  /** Sends one submission (twice at once when `twice`) until it is accepted; false after MAX_TRIES. */
  const sendUntilAccepted = async (body: string, twice: boolean): Promise<boolean> => {
    for (let attempt = 0; attempt < MAX_TRIES && Date.now() < end + TAIL_MS; attempt++) {
      const results = await Promise.all(twice ? [post(body), post(body)] : [post(body)]);
      for (const s of results) statuses.set(s, (statuses.get(s) ?? 0) + 1);
      if (results.some((s) => s === '201' || s === '200')) return true;
      await sleep(Math.min(2_000, 50 * 2 ** Math.min(attempt, 5)));
    }
    return false;
  };
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const twice = c % 5 === 0;
      while (Date.now() < end) {
        const submissionId = randomUUID();
        const body = JSON.stringify({
          submissionId,
          language: c % 2 ? 'fr' : 'nl',
          answers: { zone: ZONES[c % 5], priorities: [PRIORITIES[c % 3], PRIORITIES[(c + 1) % 3]] },
        });
        const began = Date.now();
        if (await sendUntilAccepted(body, twice)) {
          accepted.set(submissionId, Date.now());
          if (!killed) acceptedBeforeKill++;
          latencies.push(Date.now() - began);
        }
      }
    }),
  );
  await killer;
  const elapsed = (Date.now() - start) / 1000;

  // 3. Exactly once, and figures equal to the source.
  await stack.drain();
  const quarter = quarterOfInstant(new Date());
  const stored = await checkAccepted(survey.surveyId, quarter, accepted);
  const lostByEmulator = stored.missing.filter(
    (m) => !m.guard && !m.response && Math.abs(m.acceptedAt - killedAt) <= LOSS_WINDOW_MS,
  );
  const lostByUs = stored.missing.filter((m) => !lostByEmulator.includes(m));
  const check = await verifyPeriod(quarter);
  const unexpected5xx = [...statuses].filter(([s]) => s.startsWith('5') && s !== '503');
  const sorted = [...latencies].sort((a, b) => a - b);
  const httpRate = acceptedBeforeKill / ((killAt - start) / 1000);
  const ratio = httpRate / sdkRate;
  const describeMissing = (m: (typeof stored.missing)[number]) =>
    `  ${m.submissionId}: accepted ${m.acceptedAt - killedAt} ms after the kill, guard ${m.guard ? 'present' : 'absent'}, response ${m.response ? 'present' : 'absent'}`;
  const exact = lostByUs.length === 0 && stored.storedTwice.length === 0;
  console.log(
    [
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}, ${new Date().toISOString()}`,
      `clients ${CLIENTS}, ${elapsed.toFixed(0)} s, DynamoDB Local killed at 40 % and restarted by the supervisor (${stack.emulators.dynamodb.restarts()} restart)`,
      `statuses: ${JSON.stringify(Object.fromEntries(statuses))}`,
      `accepted ${accepted.size} distinct submissions, stored ${stored.stored}; stored twice ${stored.storedTwice.length}; missing ${stored.missing.length} (lost by the emulator's SIGKILL ${lostByEmulator.length}, lost by us ${lostByUs.length}; target 0) ${exact ? 'OK' : 'MISMATCH'}`,
      ...stored.missing.map(describeMissing),
      `stored but never seen accepted (client gave up): ${stored.neverAccepted.length}`,
      `figures vs source: ${check.checked} cells, ${check.differences.length} differences (target 0) ${check.differences.length === 0 ? 'OK' : 'MISMATCH'}`,
      `5xx other than 503: ${unexpected5xx.length === 0 ? 'none OK' : JSON.stringify(unexpected5xx)}`,
      `throughput: ${(accepted.size / elapsed).toFixed(1)} accepted/s overall, ${httpRate.toFixed(1)}/s before the kill`,
      `latency to acceptance (incl. retries): p50 ${percentile(sorted, 50)} ms, p95 ${percentile(sorted, 95)} ms, p99 ${percentile(sorted, 99)} ms`,
      `raw SDK TransactWriteItems: ${sdkRate.toFixed(1)}/s with ${CLIENTS} workers (${sdkErrors} failed); HTTP/SDK ratio ${ratio.toFixed(2)} (target ≥ 0.5) ${ratio >= 0.5 ? 'OK' : 'BELOW'}`,
    ].join('\n'),
  );
  const ok = exact && check.differences.length === 0 && unexpected5xx.length === 0;
  process.exitCode = ok ? 0 : 1;
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
