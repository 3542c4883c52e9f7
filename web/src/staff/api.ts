/**
 * The staff pages' API client: every call carries the session's access token. No session, or a 401
 * (expired or revoked token), sends the person to sign in and back to the page they were on.
 */
import type { MeetingInput, StoredMeeting } from '../../../shared/records.ts';
import type { Bilingual } from '../../../shared/reference/index.ts';
import type { ReportBody } from '../../../shared/report-body/schema.ts';
import { failureOf, type Result, request } from '../api.ts';
import { clearSession, currentSession, signIn } from '../auth/session.ts';

/** An earlier state of a meeting, with who replaced it and when. */
export type MeetingVersion = StoredMeeting & { supersededAt: string; supersededBy: string };

export interface StaffSurvey {
  surveyId: string;
  title: Bilingual;
  theme: string;
  version: number;
  opensAt?: string;
  closesAt?: string;
  state: 'open' | 'not-yet-open' | 'closed';
  responses: number;
}

export interface ReportFileLink {
  name: string;
  size: number;
  url: string;
}

export interface ReportRunView {
  period: string;
  runId: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  createdAt: string;
  requestedBy: string;
  finishedAt?: string;
  reason?: string;
  files?: { name: string; size: number }[];
  /** Only from GET /api/reports/{period}: fresh links, valid a few minutes. */
  downloads?: ReportFileLink[];
}

let language = 'fr';
/** The language the sign-in page opens in when a call needs a new session. */
export const setSignInLanguage = (lang: string) => {
  language = lang;
};

const call = async (path: string, init: RequestInit = {}): Promise<Response | undefined> => {
  const session = currentSession() ?? (await signIn(language));
  const res = await request(path, {
    ...init,
    headers: { ...init.headers, authorization: `Bearer ${session.accessToken}` },
  });
  if (res?.status === 401) {
    clearSession();
    await signIn(language);
  }
  return res;
};

export const getJson = async <T>(path: string): Promise<Result<{ value: T }>> => {
  const res = await call(path);
  if (!res?.ok) return { ok: false, ...(await failureOf(res)) };
  return { ok: true, value: (await res.json()) as T };
};

const sendJson = async <T>(method: string, path: string, body?: unknown): Promise<Result<{ value: T }>> => {
  const res = await call(path, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!res?.ok) return { ok: false, ...(await failureOf(res)) };
  return { ok: true, value: (res.status === 204 ? undefined : await res.json().catch(() => undefined)) as T };
};

export const q = (params: Record<string, string | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) s.set(k, v);
  return s.toString();
};

const meeting = (id: string) => `/api/meetings/${encodeURIComponent(id)}`;

export const staffApi = {
  meetings: (period: string, zone?: string) =>
    getJson<{ meetings: StoredMeeting[] }>(`/api/meetings?${q({ period, zone })}`),
  meeting: (id: string) => getJson<{ meeting: StoredMeeting; history: MeetingVersion[] }>(meeting(id)),
  createMeeting: (input: MeetingInput) => sendJson<StoredMeeting>('POST', '/api/meetings', input),
  updateMeeting: (input: MeetingInput) => sendJson<StoredMeeting>('PUT', meeting(input.meetingId), input),
  deleteMeeting: (id: string) => sendJson<undefined>('DELETE', meeting(id)),
  figures: (period: string, zone?: string) => getJson<ReportBody>(`/api/aggregates?${q({ period, zone })}`),
  surveys: () => getJson<{ surveys: StaffSurvey[] }>('/api/staff/surveys'),
  startReport: (period: string) =>
    sendJson<{ runId: string; period: string; status: string }>('POST', '/api/reports', { period }),
  reports: () => getJson<{ runs: ReportRunView[] }>('/api/reports?limit=20'),
  report: (period: string) =>
    getJson<{ period: string; latest: ReportRunView; latestSuccessful?: ReportRunView }>(
      `/api/reports/${encodeURIComponent(period)}`,
    ),
};
