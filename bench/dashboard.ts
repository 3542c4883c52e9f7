/**
 * The dashboard's data load for one period (issue 11, target p95 ≤ 300 ms at full size): what
 * web/src/dashboard fetches in parallel once it knows the period, the period's report body (which
 * carries the previous period's figures and the changes) and the 8-quarter trend, each round timed until
 * both have answered. Also: the same with the previous period's report body fetched too (a page that
 * would not use `previous`), and the period list the page fetches once per load.
 */
import { httpEvent, lambdaContext } from '../local/http-event.ts';
import { previousPeriod } from '../shared/period.ts';

type Handler = typeof import('../functions/aggregates-get.ts')['handler'];

export interface DashboardHandlers {
  aggregates: Handler;
  trend: Handler;
  periods: Handler;
}

const claims = { sub: 'bench', 'cognito:groups': ['rar'] };
const event = (path: string, query: Record<string, string> = {}) =>
  httpEvent({ method: 'GET', path, query, claims });

const WARM_UP = 5;
const MAX_MS = 60_000;

/** Times `round` after WARM_UP calls: at most `rounds` rounds or MAX_MS; sorted latencies in ms. */
const timeRounds = async (round: () => Promise<void>, rounds: number): Promise<number[]> => {
  for (let i = 0; i < WARM_UP; i++) await round();
  const timings: number[] = [];
  const deadline = Date.now() + MAX_MS;
  for (let i = 0; i < rounds && Date.now() < deadline; i++) {
    const t = performance.now();
    await round();
    timings.push(performance.now() - t);
  }
  return timings.sort((a, b) => a - b);
};

const ok = async (what: string, pending: ReturnType<Handler>) => {
  const res = await pending;
  if (res.statusCode !== 200) throw new Error(`${what} answered ${res.statusCode}`);
};

/** One period's dashboard data: its report body and its trend (and the previous period's body), in parallel. */
export const timeDashboardData = (
  h: DashboardHandlers,
  period: string,
  rounds: number,
  withPrevious = false,
): Promise<number[]> =>
  timeRounds(async () => {
    const previous = { period: previousPeriod(period) };
    await Promise.all([
      ok('aggregates', h.aggregates(event('/api/aggregates', { period }), lambdaContext())),
      ok('trend', h.trend(event('/api/aggregates/trend', { period }), lambdaContext())),
      ...(withPrevious
        ? [ok('aggregates (previous)', h.aggregates(event('/api/aggregates', previous), lambdaContext()))]
        : []),
    ]);
  }, rounds);

/** The period picker's list. */
export const timePeriods = (h: DashboardHandlers, rounds: number): Promise<number[]> =>
  timeRounds(() => ok('periods', h.periods(event('/api/aggregates/periods'), lambdaContext())), rounds);
