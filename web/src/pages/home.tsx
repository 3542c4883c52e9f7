/** `/`: the surveys open now, titled in the chosen language, each linking to its form. */
import { useEffect, useState } from 'preact/hooks';
import { api, type SurveySummary } from '../api.ts';
import { type LanguageProps, Layout, mountPage, useTitle } from '../components/layout.tsx';
import { dictionaries, formatDate } from '../i18n/index.ts';

type State = { kind: 'loading' } | { kind: 'failed' } | { kind: 'ready'; surveys: SurveySummary[] };

const Home = ({ lang, setLang }: LanguageProps) => {
  const t = dictionaries[lang];
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [tries, setTries] = useState(0);
  useTitle(t.homeTitle, lang);

  useEffect(() => {
    let live = true;
    api.openSurveys().then((r) => {
      if (live) setState(r.ok ? { kind: 'ready', surveys: r.surveys } : { kind: 'failed' });
    });
    return () => {
      live = false;
    };
  }, [tries]);

  return (
    <Layout lang={lang} setLang={setLang}>
      <h1>{t.homeTitle}</h1>
      <p class="lead">{t.homeIntro}</p>
      {state.kind === 'loading' && <p role="status">{t.loading}</p>}
      {state.kind === 'failed' && (
        <div role="alert">
          <p>{t.loadFailed}</p>
          <button type="button" class="button" onClick={() => setTries((n) => n + 1)}>
            {t.retry}
          </button>
        </div>
      )}
      {state.kind === 'ready' &&
        (state.surveys.length === 0 ? (
          <p>{t.homeNone}</p>
        ) : (
          <ul class="survey-list">
            {state.surveys.map((s) => (
              <li key={s.surveyId}>
                <a href={`/s/${encodeURIComponent(s.surveyId)}`}>{s.title[lang]}</a>
                {s.closesAt && <p class="hint">{t.openUntil(formatDate(lang, s.closesAt))}</p>}
              </li>
            ))}
          </ul>
        ))}
    </Layout>
  );
};

mountPage(Home);
