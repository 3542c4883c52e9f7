/**
 * Fault test: DynamoDB Local is killed (SIGKILL) while clients keep submitting survey responses over HTTP,
 * and the local stack's supervisor restarts it. While it is down every answer is 503 with Retry-After
 * (never a 500); the clients resend with the same submissionId; afterwards every accepted submission is
 * stored exactly once and counted exactly once (the figures equal a recomputation from source).
 *
 * The stack runs its own DynamoDB Local (own port and data dir), so the one shared by the other test files
 * is never killed. DynamoDB Local answers a transaction before its COMMIT has run (bench/results.md), so a
 * SIGKILL can undo a write it acknowledged a few milliseconds earlier, which the real DynamoDB never does.
 * A client told 201 has no way to recover such a write, so the clients are held for the instant of the
 * kill until none of theirs is in flight and the emulator's queue is flushed; they send again right after
 * the kill. The aggregator is not held: what it loses that way, the local stack hands over again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_START_JAVA_OPTIONS, freePort } from '../../local/emulators.ts';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import { readQuarter } from '../../shared/aggregates/store.ts';
import { verifyPeriod } from '../../shared/aggregates/verify.ts';
import { quarterOfInstant } from '../../shared/period.ts';
import { clients } from '../../shared/store/clients.ts';
import { publishSurvey } from '../../shared/surveys/index.ts';
import survey from '../fixtures/survey-wellbeing.json' with { type: 'json' };
import { checkAccepted } from '../support/accepted.ts';
import { asSurvey } from '../support/inputs.ts';

const CLIENTS = 6;
const ZONES = ['centre-west', 'south', 'south-east', 'north-east', 'north'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `done()` or the deadline; returns whether it got there. */
const until = async (done: () => boolean, ms: number): Promise<boolean> => {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await sleep(50);
  return done();
};

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    promise,
    sleep(ms).then(() => {
      throw new Error(`${what} did not finish within ${ms / 1000} s`);
    }),
  ]);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zonedata-fault-'));
const log: string[] = [];
let stack: LocalStack | undefined;
/** The running clients, stopped in afterAll when a check failed midway. */
let clientState: { held: boolean; stop: boolean } | undefined;

beforeAll(async () => {
  // One warning per 503 would drown the test output.
  process.env.LOG_LEVEL = 'SILENT';
  // For this file's DynamoDB Local only (it starts twice here).
  process.env.JAVA_TOOL_OPTIONS = FAST_START_JAVA_OPTIONS;
  stack = await startLocalStack({
    dataDir,
    port: await freePort(),
    demo: false,
    log: (line) => log.push(line),
  });
  await publishSurvey(asSurvey(survey), { subject: 'fault-test', groups: ['staff'] });
}, 90_000);

afterAll(async () => {
  if (clientState) Object.assign(clientState, { held: false, stop: true });
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

/** Clients that resend each submission with the same submissionId until it is accepted. */
const startClients = (url: string, deadline: number) => {
  const statuses = new Map<string, number>();
  const unavailableWithoutRetryAfter: string[] = [];
  const accepted = new Map<string, number>();
  const state = { held: false, stop: false, inFlight: 0 };
  const post = async (body: string): Promise<string> => {
    while (state.held && Date.now() < deadline) await sleep(10);
    state.inFlight++;
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await res.text();
      if (res.status === 503 && (res.headers.get('retry-after') === null || !/"nl"/.test(text)))
        unavailableWithoutRetryAfter.push(text);
      return String(res.status);
    } catch {
      return 'network';
    } finally {
      state.inFlight--;
    }
  };
  const submitOnce = async (c: number, n: number) => {
    const submissionId = crypto.randomUUID();
    const body = JSON.stringify({
      submissionId,
      language: c % 2 ? 'fr' : 'nl',
      answers: { zone: ZONES[(c + n) % ZONES.length], priorities: ['training', 'prevention'] },
    });
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      const status = await post(body);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === '201' || status === '200') {
        accepted.set(submissionId, Date.now());
        return;
      }
      await sleep(Math.min(1_000, 50 * 2 ** Math.min(attempt, 4)));
    }
  };
  const running = Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let n = 0; !state.stop && Date.now() < deadline; n++) await submitOnce(c, n);
    }),
  );
  return { statuses, unavailableWithoutRetryAfter, accepted, state, running };
};

describe('DynamoDB Local killed during submissions', () => {
  it('answers 503 with Retry-After while it is down; afterwards every accepted submission is stored and counted once', async () => {
    if (!stack?.url) throw new Error('no stack');
    const dynamodb = stack.emulators.dynamodb;
    const quarter = quarterOfInstant(new Date());
    const run = startClients(`${stack.url}/api/surveys/${survey.surveyId}/responses`, Date.now() + 150_000);
    clientState = run.state;

    expect(await until(() => run.accepted.size >= 10, 20_000)).toBe(true);
    // The instant of the kill: no submission in flight, the emulator's queue flushed (the aggregator
    // still has the last ones to apply).
    run.state.held = true;
    expect(await until(() => run.state.inFlight === 0, 15_000)).toBe(true);
    const { doc, config } = clients();
    await doc.send(
      new GetCommand({
        TableName: config.TABLE_NAME,
        Key: { PK: 'FLUSH', SK: 'FLUSH' },
        ConsistentRead: true,
      }),
    );
    const before = run.accepted.size;
    const killed = dynamodb.current();
    process.kill(killed.pid ?? 0, 'SIGKILL');
    run.state.held = false;

    // Down: the clients' sends get 503 until the supervisor has it back.
    expect(await until(() => (run.statuses.get('503') ?? 0) >= CLIENTS, 20_000)).toBe(true);
    expect(await until(() => dynamodb.restarts() === 1, 45_000)).toBe(true);
    expect(dynamodb.current().pid).not.toBe(killed.pid);
    expect(await until(() => run.accepted.size >= before + 10, 20_000)).toBe(true);
    run.state.stop = true;
    await withTimeout(run.running, 20_000, 'the clients');
    await withTimeout(stack.drain(), 20_000, 'the aggregator');

    expect(log.join('\n')).toMatch(
      /DynamoDB Local stopped unexpectedly[\s\S]*DynamoDB Local restarted[\s\S]*handing over again/,
    );
    // Never a 500 (nor a dropped connection): accepted, replayed, or 503 with Retry-After.
    expect([...run.statuses.keys()].filter((s) => !['200', '201', '503'].includes(s))).toEqual([]);
    expect(run.statuses.get('201')).toBeGreaterThan(0);
    expect(run.unavailableWithoutRetryAfter).toEqual([]);

    const stored = await checkAccepted(survey.surveyId, quarter, run.accepted);
    expect({
      missing: stored.missing,
      storedTwice: stored.storedTwice,
      neverAccepted: stored.neverAccepted,
    }).toEqual({
      missing: [],
      storedTwice: [],
      neverAccepted: [],
    });
    expect(stored.stored).toBe(run.accepted.size);

    // Counted once: the figures equal the source, and their response totals equal the accepted count.
    expect((await verifyPeriod(quarter)).differences).toEqual([]);
    const counted = (await readQuarter(quarter))
      .filter((c) => c.theme === survey.theme)
      .reduce((sum, c) => sum + (c.counters.responses ?? 0), 0);
    expect(counted).toBe(run.accepted.size);
  }, 180_000);
});
