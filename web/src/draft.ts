/**
 * The form being filled, kept on this device: its answers and its one `submissionId`, created once per
 * filled form. A retry after a lost connection sends the same id, so the server stores it once.
 */

/** Raw form values: text for zone/single/text/number, option ids for multiple, one id (or '') per rank. */
export type FieldValue = string | string[];

export interface Draft {
  submissionId: string;
  answers: Record<string, FieldValue>;
}

const key = (surveyId: string) => `zonedata:draft:${surveyId}`;

const isFieldValue = (v: unknown): v is FieldValue =>
  typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));

export const loadDraft = (surveyId: string): Draft => {
  try {
    const raw = JSON.parse(localStorage.getItem(key(surveyId)) ?? 'null') as Partial<Draft> | null;
    if (raw && typeof raw.submissionId === 'string' && raw.answers && typeof raw.answers === 'object') {
      const answers = Object.fromEntries(Object.entries(raw.answers).filter(([, v]) => isFieldValue(v)));
      return { submissionId: raw.submissionId, answers };
    }
  } catch {
    // unreadable or disabled storage: start a new form
  }
  return { submissionId: crypto.randomUUID(), answers: {} };
};

export const saveDraft = (surveyId: string, draft: Draft) => {
  try {
    localStorage.setItem(key(surveyId), JSON.stringify(draft));
  } catch {
    // storage full or disabled: the form still works, it just does not survive a reload
  }
};

export const clearDraft = (surveyId: string) => {
  try {
    localStorage.removeItem(key(surveyId));
  } catch {
    // nothing to clear
  }
};
