/**
 * The one client of the public API used by the pages: pages never build URLs or read error bodies
 * themselves. Every call answers a typed result; only programming errors throw.
 */
import type { ValidationIssue } from '../../shared/errors.ts';
import type { AnswerValue, StoredSurvey } from '../../shared/records.ts';
import type { Bilingual } from '../../shared/reference/index.ts';

export type SurveyState = 'open' | 'not-yet-open' | 'closed';
export type PublicSurvey = Omit<StoredSurvey, 'publishedBy'> & { state: SurveyState };
export interface SurveySummary {
  surveyId: string;
  title: Bilingual;
  closesAt?: string;
}

export interface ResponseBody {
  submissionId: string;
  language: 'fr' | 'nl';
  answers: Record<string, AnswerValue>;
  website?: string;
}

/** `unreachable`: no answer (offline, timed out, or a 5xx): the same request may be sent again. */
export type Failure =
  | { kind: 'unreachable' }
  | { kind: 'not-found' }
  | { kind: 'gone'; message: Bilingual }
  | { kind: 'validation'; message: Bilingual; issues: ValidationIssue[] }
  | { kind: 'refused'; message: Bilingual };

export type Result<T> = ({ ok: true } & T) | ({ ok: false } & Failure);

const TIMEOUT_MS = 15_000;

export const request = async (path: string, init: RequestInit = {}): Promise<Response | undefined> => {
  try {
    return await fetch(path, {
      ...init,
      headers: { accept: 'application/json', ...init.headers },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    return undefined; // network down, aborted or timed out
  }
};

const isBilingual = (v: unknown): v is Bilingual =>
  !!v &&
  typeof v === 'object' &&
  typeof (v as Bilingual).fr === 'string' &&
  typeof (v as Bilingual).nl === 'string';

export const failureOf = async (res: Response | undefined): Promise<Failure> => {
  if (!res || res.status >= 500) return { kind: 'unreachable' };
  if (res.status === 404) return { kind: 'not-found' };
  const body = (await res.json().catch(() => undefined)) as
    | { message?: unknown; issues?: ValidationIssue[] }
    | undefined;
  const message = isBilingual(body?.message)
    ? body.message
    : { fr: `Requête refusée (${res.status}).`, nl: `Verzoek geweigerd (${res.status}).` };
  if (res.status === 410) return { kind: 'gone', message };
  if (res.status === 400 && Array.isArray(body?.issues))
    return { kind: 'validation', message, issues: body.issues };
  return { kind: 'refused', message };
};

const survey = (surveyId: string) => `/api/surveys/${encodeURIComponent(surveyId)}`;

export const api = {
  async openSurveys(): Promise<Result<{ surveys: SurveySummary[] }>> {
    const res = await request('/api/surveys');
    if (!res?.ok) return { ok: false, ...(await failureOf(res)) };
    const body = (await res.json()) as { surveys: SurveySummary[] };
    return { ok: true, surveys: body.surveys };
  },

  async survey(surveyId: string): Promise<Result<{ survey: PublicSurvey }>> {
    const res = await request(survey(surveyId));
    if (!res?.ok) return { ok: false, ...(await failureOf(res)) };
    return { ok: true, survey: (await res.json()) as PublicSurvey };
  },

  /** Idempotent thanks to `submissionId`: a replay of a stored submission answers 200 with the same id. */
  async submit(surveyId: string, body: ResponseBody): Promise<Result<{ responseId: string }>> {
    const res = await request(`${survey(surveyId)}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res?.ok) return { ok: false, ...(await failureOf(res)) };
    const parsed = (await res.json().catch(() => undefined)) as { responseId?: string } | undefined;
    // A 2xx whose body was cut off is still stored; the id only matters for display.
    return { ok: true, responseId: parsed?.responseId ?? '' };
  },
};
