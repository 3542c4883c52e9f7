/** `/staff`: the meetings of a period, newest first, filtered by zone (a coordinator: own zones only), and the period's figures. */
import { useEffect, useState } from 'preact/hooks';
import type { StoredMeeting } from '../../../shared/records.ts';
import type { ReportBody } from '../../../shared/report-body/schema.ts';
import { staffDictionaries } from '../i18n/staff.ts';
import { staffApi } from './api.ts';
import {
  canSeeAllZones,
  canWriteMeetings,
  currentQuarter,
  FailureNotice,
  formatDay,
  isPeriod,
  type Loadable,
  Loading,
  labelOf,
  ScrollRegion,
  zonesOf,
} from './common.tsx';
import { StaffLayout, useStaffTitle } from './layout.tsx';
import type { StaffProps } from './main.tsx';

const Figures = ({ body, lang }: { body: ReportBody; lang: StaffProps['lang'] }) => {
  const t = staffDictionaries[lang];
  const zones = body.scope.zone ? body.zones.filter((z) => z.zone === body.scope.zone) : body.zones;
  const themes = body.scope.zone ? (zones[0]?.themes ?? []) : body.region.themes;
  const votes = themes
    .flatMap((th) => th.meetingVotes.map((v) => ({ theme: th, v })))
    .filter(({ v }) => v.points > 0);
  const tracks = themes.flatMap((th) => th.actionTracks.map((a) => ({ theme: th, a })));
  return (
    <section aria-labelledby="figures-title" class="figures">
      <h2 id="figures-title">{t.figuresOf(body.period)}</h2>
      <p class="hint">{t.figuresNote}</p>
      <ScrollRegion label={t.figuresOf(body.period)}>
        <table>
          <caption class="visually-hidden">{t.figuresOf(body.period)}</caption>
          <thead>
            <tr>
              <th scope="col">{t.zone}</th>
              <th scope="col" class="num">
                {t.meetingsCount}
              </th>
              <th scope="col" class="num">
                {t.participants}
              </th>
            </tr>
          </thead>
          <tbody>
            {zones.map((z) => (
              <tr key={z.zone}>
                <th scope="row">{z.label[lang]}</th>
                <td class="num">{z.totals.meetings}</td>
                <td class="num">{z.totals.participants}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {votes.length > 0 && (
        <>
          <h3>{t.votesTitle}</h3>
          <ScrollRegion label={t.votesTitle}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.theme}</th>
                  <th scope="col">{t.vote}</th>
                  <th scope="col" class="num">
                    {t.points}
                  </th>
                </tr>
              </thead>
              <tbody>
                {votes.map(({ theme, v }) => (
                  <tr key={`${theme.theme}-${v.option}`}>
                    <td>{theme.label[lang]}</td>
                    <th scope="row">{v.label[lang]}</th>
                    <td class="num">{v.points}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
      {tracks.length > 0 && (
        <>
          <h3>{t.actionTracksTitle}</h3>
          <ul>
            {tracks.map(({ theme, a }) => (
              <li key={`${theme.theme}-${a.track}`}>
                {theme.label[lang]} · {a.label[lang]} : {a.count}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
};

export const MeetingsPage = ({ lang, setLang, session }: StaffProps) => {
  const t = staffDictionaries[lang];
  useStaffTitle(t.meetings, lang);
  const params = new URLSearchParams(location.search);
  const zones = zonesOf(session);
  const all = canSeeAllZones(session);
  const askedPeriod = params.get('period') ?? '';
  const period = isPeriod(askedPeriod) ? askedPeriod : currentQuarter();
  const askedZone = params.get('zone') ?? '';
  // A coordinator always looks at one of their zones.
  const zone = zones.includes(askedZone) ? askedZone : all ? '' : (zones[0] ?? '');
  const [list, setList] = useState<Loadable<StoredMeeting[]>>({ kind: 'loading' });
  const [figures, setFigures] = useState<Loadable<ReportBody>>({ kind: 'loading' });
  const [tries, setTries] = useState(0);

  useEffect(() => {
    let live = true;
    staffApi.meetings(period, zone || undefined).then((r) => {
      if (!live) return;
      setList(
        r.ok
          ? {
              kind: 'ready',
              value: [...r.value.meetings].sort(
                (a, b) =>
                  b.date.localeCompare(a.date) || (b.startTime ?? '').localeCompare(a.startTime ?? ''),
              ),
            }
          : { kind: 'failed', failure: r },
      );
    });
    staffApi.figures(period, zone || undefined).then((r) => {
      if (live) setFigures(r.ok ? { kind: 'ready', value: r.value } : { kind: 'failed', failure: r });
    });
    return () => {
      live = false;
    };
  }, [period, zone, tries]);

  return (
    <StaffLayout lang={lang} setLang={setLang} section="meetings" who={session.groups.join(', ')}>
      <div class="title-row">
        <h1>{t.meetings}</h1>
        {canWriteMeetings(session) && (
          <a class="button" href="/staff/meetings/new">
            {t.newMeeting}
          </a>
        )}
      </div>
      <form class="filters" method="get" action="/staff">
        <input type="hidden" name="lang" value={lang} />
        <div class="field">
          <label for="period">{t.period}</label>
          <p class="hint" id="period-hint">
            {t.periodHint}
          </p>
          <input
            id="period"
            name="period"
            type="text"
            class="input-short"
            defaultValue={period}
            pattern="\d{4}(-Q[1-4])?"
            aria-describedby="period-hint"
          />
        </div>
        <div class="field">
          <label for="zone">{t.zone}</label>
          <select id="zone" name="zone" defaultValue={zone}>
            {all && <option value="">{t.allZones}</option>}
            {zones.map((z) => (
              <option key={z} value={z}>
                {labelOf('zones', z, lang)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button-secondary">
          {t.show}
        </button>
      </form>

      <section aria-labelledby="list-title">
        <h2 id="list-title">{t.meetingsOf(period)}</h2>
        {list.kind === 'loading' && <Loading lang={lang} />}
        {list.kind === 'failed' && (
          <FailureNotice failure={list.failure} lang={lang} retry={() => setTries((n) => n + 1)} />
        )}
        {list.kind === 'ready' &&
          (list.value.length === 0 ? (
            <p>{t.noMeetings}</p>
          ) : (
            <ScrollRegion label={t.meetingsOf(period)}>
              <table class="meetings">
                <thead>
                  <tr>
                    <th scope="col">{t.date}</th>
                    <th scope="col">{t.zone}</th>
                    <th scope="col">{t.theme}</th>
                    <th scope="col">{t.kind}</th>
                    <th scope="col" class="num">
                      {t.participants}
                    </th>
                    <th scope="col">
                      <span class="visually-hidden">{t.correct}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.value.map((m) => (
                    <tr key={m.meetingId}>
                      <td>{formatDay(lang, m.date)}</td>
                      <td>{labelOf('zones', m.zone, lang)}</td>
                      <td>{labelOf('themes', m.theme, lang)}</td>
                      <td>
                        {labelOf('meetingKinds', m.kind, lang)}
                        {m.sequence !== undefined && ` N°${m.sequence}`}
                      </td>
                      <td class="num">{m.participants}</td>
                      <td>
                        <a
                          href={`/staff/meetings/${encodeURIComponent(m.meetingId)}`}
                          aria-label={`${canWriteMeetings(session) ? t.correct : t.view} : ${labelOf('themes', m.theme, lang)}, ${formatDay(lang, m.date)}`}
                        >
                          {canWriteMeetings(session) ? t.correct : t.view}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          ))}
      </section>
      {figures.kind === 'ready' && <Figures body={figures.value} lang={lang} />}
      {figures.kind === 'failed' && <FailureNotice failure={figures.failure} lang={lang} />}
    </StaffLayout>
  );
};
