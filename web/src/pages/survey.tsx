/** `/s/{surveyId}`: the survey rendered from its current definition, answered and sent once. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ValidationIssue } from '../../../shared/errors.ts';
import { api, type PublicSurvey } from '../api.ts';
import { type LanguageProps, Layout, mountPage, useTitle } from '../components/layout.tsx';
import { clearDraft, type Draft, loadDraft, saveDraft } from '../draft.ts';
import { dictionaries, formatDate, type Language } from '../i18n/index.ts';
import { checkInBrowser, questionOf, toBody } from '../survey/answers.ts';
import { controlId, QuestionField } from '../survey/questions.tsx';

type View =
  | { kind: 'loading' }
  | { kind: 'unreachable' }
  | { kind: 'unknown' }
  | { kind: 'closed'; survey?: PublicSurvey }
  | { kind: 'not-yet-open'; survey: PublicSurvey }
  | { kind: 'form'; survey: PublicSurvey }
  | { kind: 'thanks'; survey: PublicSurvey };

type SendState = 'idle' | 'sending' | 'not-sent';

const surveyIdFromPath = () => {
  const m = /^\/s\/([^/]+)\/?$/.exec(location.pathname);
  return m?.[1] ? decodeURIComponent(m[1]) : '';
};

/** Moves focus to a heading or summary once it is on screen, so screen readers announce it. */
const useFocusOnChange = <T extends HTMLElement>(key: unknown) => {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
  return ref;
};

const Message = ({ title, body, lang }: { title: string; body: string; lang: Language }) => {
  useTitle(title, lang);
  const heading = useFocusOnChange<HTMLHeadingElement>(title);
  return (
    <>
      <h1 tabIndex={-1} ref={heading}>
        {title}
      </h1>
      <p>{body}</p>
      <p>
        <a href="/">{dictionaries[lang].otherSurveys}</a>
      </p>
    </>
  );
};

const ErrorSummary = ({
  issues,
  survey,
  lang,
  focusKey,
}: {
  issues: ValidationIssue[];
  survey: PublicSurvey;
  lang: Language;
  focusKey: number;
}) => {
  const ref = useFocusOnChange<HTMLDivElement>(focusKey);
  const t = dictionaries[lang];
  return (
    <div class="error-summary" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title">{t.errorSummaryTitle}</h2>
      <ul>
        {issues.map((issue) => {
          const q = survey.questions.find((x) => x.id === questionOf(issue));
          const text = q ? `${q.label[lang]} : ${issue.message[lang]}` : issue.message[lang];
          if (!q) return <li key={issue.path + issue.code}>{text}</li>;
          const target = controlId(q);
          return (
            <li key={issue.path + issue.code}>
              <a
                href={`#${target}`}
                onClick={(e) => {
                  // Focus the field and show its question, not just scroll to it.
                  e.preventDefault();
                  document.getElementById(`q-${q.id}`)?.scrollIntoView();
                  document.getElementById(target)?.focus({ preventScroll: true });
                }}
              >
                {lang === 'nl' ? text.replace(' : ', ': ') : text}
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
};

const SurveyForm = ({
  survey,
  lang,
  onDone,
  onGone,
}: {
  survey: PublicSurvey;
  lang: Language;
  onDone: () => void;
  onGone: () => void;
}) => {
  const t = dictionaries[lang];
  const [draft, setDraft] = useState<Draft>(() => loadDraft(survey.surveyId));
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [send, setSend] = useState<SendState>('idle');
  const website = useRef<HTMLInputElement>(null);
  useTitle(survey.title[lang], lang);

  useEffect(() => saveDraft(survey.surveyId, draft), [survey.surveyId, draft]);

  const fieldErrors = new Map<string, string>();
  for (const issue of issues) {
    const id = questionOf(issue);
    if (id && !fieldErrors.has(id)) fieldErrors.set(id, issue.message[lang]);
  }

  const showIssues = (found: ValidationIssue[]) => {
    setIssues(found);
    setAttempt((n) => n + 1);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (send === 'sending') return;
    const body = toBody(survey, draft, lang, website.current?.value ?? '');
    const found = checkInBrowser(survey, draft, body);
    if (found.length > 0) return showIssues(found);
    setIssues([]);
    setSend('sending');
    const result = await api.submit(survey.surveyId, body);
    if (result.ok) {
      clearDraft(survey.surveyId);
      return onDone();
    }
    setSend(result.kind === 'unreachable' ? 'not-sent' : 'idle');
    if (result.kind === 'validation') showIssues(result.issues);
    else if (result.kind === 'gone' || result.kind === 'not-found') onGone();
    else if (result.kind === 'refused') showIssues([{ path: '', code: 'refused', message: result.message }]);
  };

  return (
    <form noValidate onSubmit={submit} aria-labelledby="survey-title">
      {issues.length > 0 && <ErrorSummary issues={issues} survey={survey} lang={lang} focusKey={attempt} />}
      <h1 id="survey-title">{survey.title[lang]}</h1>
      {survey.closesAt && <p class="lead">{t.openUntil(formatDate(lang, survey.closesAt))}</p>}
      <p class="hint">{t.draftNote}</p>
      {survey.questions.map((q) => (
        <QuestionField
          key={q.id}
          q={q}
          lang={lang}
          value={draft.answers[q.id]}
          error={fieldErrors.get(q.id)}
          onChange={(value) => setDraft((d) => ({ ...d, answers: { ...d.answers, [q.id]: value } }))}
        />
      ))}
      {/* Honeypot: off screen, out of the tab order and hidden from assistive technology; bots fill it. */}
      <div class="hp" aria-hidden="true">
        <label for="website">{t.honeypotLabel}</label>
        <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" ref={website} />
      </div>
      {send === 'not-sent' && (
        <div class="notice-warning" role="alert">
          <h2>{t.notSentTitle}</h2>
          <p>{t.notSentBody}</p>
        </div>
      )}
      <p class="status" role="status">
        {send === 'sending' ? t.sending : ''}
      </p>
      <button type="submit" class="button" aria-disabled={send === 'sending' ? 'true' : undefined}>
        {send === 'not-sent' ? t.retrySend : t.submit}
      </button>
    </form>
  );
};

const SurveyPage = ({ lang, setLang }: LanguageProps) => {
  const t = dictionaries[lang];
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [tries, setTries] = useState(0);

  useEffect(() => {
    const surveyId = surveyIdFromPath();
    if (!surveyId) return setView({ kind: 'unknown' });
    let live = true;
    api.survey(surveyId).then((r) => {
      if (!live) return;
      if (r.ok)
        setView(
          r.survey.state === 'open'
            ? { kind: 'form', survey: r.survey }
            : r.survey.state === 'closed'
              ? { kind: 'closed', survey: r.survey }
              : { kind: 'not-yet-open', survey: r.survey },
        );
      else setView({ kind: r.kind === 'unreachable' ? 'unreachable' : 'unknown' });
    });
    return () => {
      live = false;
    };
  }, [tries]);

  const date = (iso: string | undefined) => (iso ? formatDate(lang, iso) : undefined);
  let content: ComponentChildren;
  switch (view.kind) {
    case 'loading':
      content = <p role="status">{t.loading}</p>;
      break;
    case 'unreachable':
      content = (
        <>
          <Message title={t.loadFailedTitle} body={t.loadFailed} lang={lang} />
          <button type="button" class="button" onClick={() => setTries((n) => n + 1)}>
            {t.retry}
          </button>
        </>
      );
      break;
    case 'unknown':
      content = <Message title={t.unknownTitle} body={t.unknownBody} lang={lang} />;
      break;
    case 'closed':
      content = (
        <Message title={t.closedTitle} body={t.closedBody(date(view.survey?.closesAt))} lang={lang} />
      );
      break;
    case 'not-yet-open':
      content = <Message title={t.notYetTitle} body={t.notYetBody(date(view.survey.opensAt))} lang={lang} />;
      break;
    case 'thanks':
      content = <Message title={t.thanksTitle} body={t.thanksBody} lang={lang} />;
      break;
    case 'form':
      content = (
        <SurveyForm
          survey={view.survey}
          lang={lang}
          onDone={() => setView({ kind: 'thanks', survey: view.survey })}
          onGone={() => setView({ kind: 'closed', survey: view.survey })}
        />
      );
  }
  return (
    <Layout lang={lang} setLang={setLang}>
      {content}
    </Layout>
  );
};

mountPage(SurveyPage);
