/**
 * `/staff/reports`: start a run for a quarter or a year, follow its status without reloading (polled),
 * see past runs, and download a run's files through a fresh link fetched on click (links expire).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Failure } from '../api.ts';
import { staffDictionaries } from '../i18n/staff.ts';
import { type ReportRunView, staffApi } from './api.ts';
import {
  canRunReports,
  currentQuarter,
  FailureNotice,
  formatDateTime,
  isPeriod,
  type Loadable,
  Loading,
  ScrollRegion,
} from './common.tsx';
import { StaffLayout, useStaffTitle } from './layout.tsx';
import type { StaffProps } from './main.tsx';

const POLL_MS = 2000;
/** Polling stops after this long without a finished run (the page offers to look again). */
const POLL_LIMIT_MS = 10 * 60_000;

const previousQuarter = (q: string) => {
  const year = Number(q.slice(0, 4));
  const n = Number(q.slice(6));
  return n === 1 ? `${year - 1}-Q4` : `${year}-Q${n - 1}`;
};

/** Only the newest successful run of a period has fresh links (GET /api/reports/{period}): older runs are listed without. */
const newestSucceeded = (runs: ReportRunView[]): Set<string> => {
  const newest = new Set<string>();
  const seen = new Set<string>();
  for (const r of runs)
    if (r.status === 'succeeded' && !seen.has(r.period)) {
      seen.add(r.period);
      newest.add(r.runId);
    }
  return newest;
};

const hasUnfinished = (runs: Loadable<ReportRunView[]>) =>
  runs.kind === 'ready' && runs.value.some((r) => r.status === 'queued' || r.status === 'running');

const statusLabelOf = (t: (typeof staffDictionaries)['fr'], s: ReportRunView['status']) =>
  ({
    queued: t.statusQueued,
    running: t.statusRunning,
    succeeded: t.statusSucceeded,
    failed: t.statusFailed,
  })[s];

export const ReportsPage = ({ lang, setLang, session }: StaffProps) => {
  const t = staffDictionaries[lang];
  useStaffTitle(t.reports, lang);
  const [runs, setRuns] = useState<Loadable<ReportRunView[]>>({ kind: 'loading' });
  const [period, setPeriod] = useState(previousQuarter(currentQuarter()));
  const [periodError, setPeriodError] = useState<string | undefined>();
  const [startFailure, setStartFailure] = useState<Failure | undefined>();
  const [announce, setAnnounce] = useState('');
  const [linkFailed, setLinkFailed] = useState(false);
  const [tick, setTick] = useState(0);
  const pollStarted = useRef(Date.now());

  useEffect(() => {
    let live = true;
    staffApi.reports().then((r) => {
      if (live) setRuns(r.ok ? { kind: 'ready', value: r.value.runs } : { kind: 'failed', failure: r });
    });
    return () => {
      live = false;
    };
  }, [tick]);

  // Poll while a run is queued or running, bounded in time.
  const unfinished = hasUnfinished(runs);
  useEffect(() => {
    if (!unfinished || Date.now() - pollStarted.current > POLL_LIMIT_MS) return;
    const timer = setTimeout(() => setTick((n) => n + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [unfinished, tick]);

  const statusLabel = (s: ReportRunView['status']) => statusLabelOf(t, s);

  const refused = (r: Failure) => {
    if (r.kind === 'validation')
      setPeriodError(r.issues.map((i) => i.message[lang]).join(' ') || r.message[lang]);
    else setStartFailure(r);
  };

  const start = async (e: Event) => {
    e.preventDefault();
    setStartFailure(undefined);
    const p = period.trim();
    if (!isPeriod(p)) {
      setPeriodError(t.periodHint);
      document.getElementById('report-period')?.focus();
      return;
    }
    setPeriodError(undefined);
    const r = await staffApi.startReport(p);
    if (!r.ok) {
      refused(r);
      return;
    }
    setAnnounce(t.reportStarted(p));
    pollStarted.current = Date.now();
    setTick((n) => n + 1);
  };

  const download = async (run: ReportRunView, name: string) => {
    setLinkFailed(false);
    const r = await staffApi.report(run.period);
    const candidates = r.ok ? [r.value.latest, r.value.latestSuccessful] : [];
    const file = candidates.find((c) => c?.runId === run.runId)?.downloads?.find((f) => f.name === name);
    if (!file) {
      setLinkFailed(true);
      return;
    }
    location.assign(file.url);
  };

  const newestOfPeriod = newestSucceeded(runs.kind === 'ready' ? runs.value : []);

  return (
    <StaffLayout lang={lang} setLang={setLang} section="reports" who={session.groups.join(', ')}>
      <h1>{t.reports}</h1>
      {canRunReports(session) ? (
        <form class="filters" onSubmit={start} noValidate>
          <div class={`field${periodError ? ' has-error' : ''}`}>
            <label for="report-period">{t.startReportFor}</label>
            <p class="hint" id="report-period-hint">
              {t.periodHint}
            </p>
            {periodError && (
              <p class="error-message" id="report-period-error">
                {periodError}
              </p>
            )}
            <input
              id="report-period"
              type="text"
              class="input-short"
              value={period}
              onInput={(e) => setPeriod(e.currentTarget.value)}
              aria-describedby={`report-period-hint${periodError ? ' report-period-error' : ''}`}
              aria-invalid={periodError ? true : undefined}
            />
          </div>
          <button type="submit" class="button">
            {t.startReport}
          </button>
        </form>
      ) : (
        <FailureNotice
          failure={{
            kind: 'refused',
            message: { fr: staffDictionaries.fr.forbidden, nl: staffDictionaries.nl.forbidden },
          }}
          lang={lang}
        />
      )}
      <p role="status" class="status">
        {announce}
      </p>
      {startFailure && <FailureNotice failure={startFailure} lang={lang} />}
      {linkFailed && (
        <p role="alert" class="notice-warning">
          {t.linkFailed}
        </p>
      )}
      <h2>{t.pastRuns}</h2>
      {runs.kind === 'loading' && <Loading lang={lang} />}
      {runs.kind === 'failed' && (
        <FailureNotice failure={runs.failure} lang={lang} retry={() => setTick((n) => n + 1)} />
      )}
      {runs.kind === 'ready' && runs.value.length === 0 && <p>{t.noRuns}</p>}
      {runs.kind === 'ready' && runs.value.length > 0 && (
        <ScrollRegion label={t.pastRuns}>
          <table class="runs">
            <thead>
              <tr>
                <th scope="col">{t.period}</th>
                <th scope="col">{t.requestedAt}</th>
                <th scope="col">{t.requestedBy}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.files}</th>
              </tr>
            </thead>
            <tbody>
              {runs.value.map((run) => (
                <tr key={run.runId}>
                  <th scope="row">{run.period}</th>
                  <td>{formatDateTime(lang, run.createdAt)}</td>
                  <td>{run.requestedBy}</td>
                  <td>
                    <span class={`badge badge-${run.status}`}>{statusLabel(run.status)}</span>
                    {run.reason && <span class="hint"> {run.reason}</span>}
                  </td>
                  <td>
                    {newestOfPeriod.has(run.runId) && (
                      <ul class="files">
                        {(run.files ?? []).map((f) => (
                          <li key={f.name}>
                            <button
                              type="button"
                              class="button-link"
                              onClick={() => void download(run, f.name)}
                            >
                              {t.download(f.name)}
                            </button>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </StaffLayout>
  );
};
