/**
 * `/staff/surveys`: every survey with its state, version and response count; for an open survey its
 * public link and a QR code (SVG drawn from uqr's matrix) to project or print at a meeting.
 */
import { useEffect, useState } from 'preact/hooks';
import { encode } from 'uqr';
import { staffDictionaries } from '../i18n/staff.ts';
import { type StaffSurvey, staffApi } from './api.ts';
import { FailureNotice, formatDateTime, type Loadable, Loading, labelOf, ScrollRegion } from './common.tsx';
import { StaffLayout, useStaffTitle } from './layout.tsx';
import type { StaffProps } from './main.tsx';

/** One path for all dark modules (small SVG), a quiet zone of 4 modules. */
export const QrCode = ({ text, label }: { text: string; label: string }) => {
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  let d = '';
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) d += `M${x} ${y}h1v1h-1z`;
    });
  });
  return (
    <svg
      class="qr"
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={label}
      xmlns="http://www.w3.org/2000/svg"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" shape-rendering="crispEdges" />
    </svg>
  );
};

export const SurveysPage = ({ lang, setLang, session }: StaffProps) => {
  const t = staffDictionaries[lang];
  useStaffTitle(t.surveys, lang);
  const [state, setState] = useState<Loadable<StaffSurvey[]>>({ kind: 'loading' });
  const [tries, setTries] = useState(0);
  useEffect(() => {
    let live = true;
    staffApi.surveys().then((r) => {
      if (live) setState(r.ok ? { kind: 'ready', value: r.value.surveys } : { kind: 'failed', failure: r });
    });
    return () => {
      live = false;
    };
  }, [tries]);
  const stateLabel = (s: StaffSurvey['state']) =>
    s === 'open' ? t.stateOpen : s === 'closed' ? t.stateClosed : t.stateUpcoming;

  return (
    <StaffLayout lang={lang} setLang={setLang} section="surveys" who={session.groups.join(', ')}>
      <h1>{t.surveys}</h1>
      {state.kind === 'loading' && <Loading lang={lang} />}
      {state.kind === 'failed' && (
        <FailureNotice failure={state.failure} lang={lang} retry={() => setTries((n) => n + 1)} />
      )}
      {state.kind === 'ready' && state.value.length === 0 && <p>{t.noSurveys}</p>}
      {state.kind === 'ready' && state.value.length > 0 && (
        <>
          <ScrollRegion label={t.surveys}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.surveys}</th>
                  <th scope="col">{t.theme}</th>
                  <th scope="col">{t.state}</th>
                  <th scope="col" class="num">
                    {t.version}
                  </th>
                  <th scope="col" class="num">
                    {t.responses}
                  </th>
                </tr>
              </thead>
              <tbody>
                {state.value.map((s) => (
                  <tr key={s.surveyId}>
                    <th scope="row">{s.title[lang]}</th>
                    <td>{labelOf('themes', s.theme, lang)}</td>
                    <td>
                      <span class={`badge badge-${s.state}`}>{stateLabel(s.state)}</span>
                      {s.state === 'not-yet-open' && s.opensAt && <> · {formatDateTime(lang, s.opensAt)}</>}
                      {s.state === 'open' && s.closesAt && <> → {formatDateTime(lang, s.closesAt)}</>}
                    </td>
                    <td class="num">{s.version}</td>
                    <td class="num">{s.responses}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          {state.value
            .filter((s) => s.state === 'open')
            .map((s) => {
              const link = `${location.origin}/s/${encodeURIComponent(s.surveyId)}?lang=${lang}`;
              return (
                <section class="share" key={s.surveyId} aria-labelledby={`share-${s.surveyId}`}>
                  <h2 id={`share-${s.surveyId}`}>{s.title[lang]}</h2>
                  <p>
                    {t.publicLink} : <a href={link}>{link}</a>
                  </p>
                  <QrCode text={link} label={t.qrCode(s.title[lang])} />
                </section>
              );
            })}
        </>
      )}
    </StaffLayout>
  );
};
