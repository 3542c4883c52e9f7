/**
 * The meeting form's state (what the person typed, as strings) and its conversion to the wire body,
 * checked in the browser with the same zod schema the API runs (shared/meetings/schema.ts). Also the
 * mapping from an issue's path to the control it is about, and the changes between two versions.
 */
import type { ValidationIssue } from '../../../shared/errors.ts';
import { meetingInputSchema } from '../../../shared/meetings/schema.ts';
import type { MeetingInput, StoredMeeting } from '../../../shared/records.ts';
import { reference } from '../../../shared/reference/index.ts';
import { toValidationIssues } from '../../../shared/validation.ts';
import type { Language } from '../i18n/index.ts';

export type VoteMode = 'none' | 'points' | 'ballots';

export interface DraftOption {
  id: string;
  fr: string;
  nl: string;
  points: string;
}

export interface MeetingDraft {
  meetingId: string;
  zone: string;
  theme: string;
  kind: string;
  sequence: string;
  date: string;
  startTime: string;
  endTime: string;
  venue: string;
  participants: string;
  bySector: Record<string, string>;
  needs: { topic: string; targetGroups: string[]; note: string }[];
  findings: string[];
  actions: { track: string; text: string; heading?: string }[];
  voteMode: VoteMode;
  options: DraftOption[];
  /** Up to three option ids per ballot, '' for an unused choice. */
  ballots: string[][];
  outlook: string;
  nextDate: string;
  links: string;
  language: Language;
}

export const sectorIds = reference.sectors.map((s) => s.id);

export const newOption = (n: number): DraftOption => ({ id: `option-${n}`, fr: '', nl: '', points: '' });

export const emptyDraft = (meetingId: string, zone: string, language: Language): MeetingDraft => ({
  meetingId,
  zone,
  theme: '',
  kind: 'thematic-consultation',
  sequence: '',
  date: '',
  startTime: '',
  endTime: '',
  venue: '',
  participants: '',
  bySector: {},
  needs: [],
  findings: [],
  actions: [],
  voteMode: 'none',
  options: [newOption(1), newOption(2), newOption(3)],
  ballots: [['', '', '']],
  outlook: '',
  nextDate: '',
  links: '',
  language,
});

export const draftOf = (m: StoredMeeting): MeetingDraft => {
  const votes = m.votes;
  return {
    meetingId: m.meetingId,
    zone: m.zone,
    theme: m.theme,
    kind: m.kind,
    sequence: m.sequence === undefined ? '' : String(m.sequence),
    date: m.date,
    startTime: m.startTime ?? '',
    endTime: m.endTime ?? '',
    venue: m.venue ?? '',
    participants: String(m.participants),
    bySector: Object.fromEntries(
      Object.entries(m.participantsBySector ?? {}).map(([k, v]) => [k, String(v)]),
    ),
    needs: m.needs.map((n) => ({ topic: n.topic, targetGroups: [...n.targetGroups], note: n.note ?? '' })),
    findings: [...m.findings],
    actions: m.actions.map((a) => ({ ...a })),
    voteMode: votes ? (votes.points ? 'points' : 'ballots') : 'none',
    options: votes
      ? votes.options.map((o) => ({
          id: o.id,
          fr: o.label.fr ?? '',
          nl: o.label.nl ?? '',
          points: votes.points?.[o.id] === undefined ? '' : String(votes.points[o.id]),
        }))
      : [newOption(1), newOption(2), newOption(3)],
    ballots: votes?.ballots?.map((b) => [b[0] ?? '', b[1] ?? '', b[2] ?? '']) ?? [['', '', '']],
    outlook: m.outlook ?? '',
    nextDate: m.nextDate ?? '',
    links: m.links.join('\n'),
    language: m.language,
  };
};

/** A number field as typed: empty → absent, digits → a number, anything else kept for zod to name. */
const num = (s: string): number | string | undefined => {
  const v = s.trim();
  if (v === '') return undefined;
  return /^-?\d+$/.test(v) ? Number(v) : v;
};
const opt = (s: string) => (s.trim() === '' ? undefined : s.trim());

/** The body as typed (not yet valid): only filled fields, so "required" lands on the empty ones. */
export const bodyOf = (d: MeetingDraft): Record<string, unknown> => {
  const bySector = Object.fromEntries(
    Object.entries(d.bySector).flatMap(([k, v]) => (num(v) === undefined ? [] : [[k, num(v)]])),
  );
  const options = d.options.map((o) => ({
    id: o.id.trim(),
    label: { ...(opt(o.fr) ? { fr: opt(o.fr) } : {}), ...(opt(o.nl) ? { nl: opt(o.nl) } : {}) },
  }));
  const votes =
    d.voteMode === 'none'
      ? undefined
      : d.voteMode === 'points'
        ? {
            options,
            points: Object.fromEntries(d.options.map((o) => [o.id.trim(), num(o.points) ?? 0])),
          }
        : { options, ballots: d.ballots.map((b) => b.filter((c) => c !== '')) };
  const body: Record<string, unknown> = {
    meetingId: d.meetingId,
    zone: opt(d.zone),
    theme: opt(d.theme),
    kind: opt(d.kind),
    sequence: num(d.sequence),
    date: opt(d.date),
    startTime: opt(d.startTime),
    endTime: opt(d.endTime),
    venue: opt(d.venue),
    participants: num(d.participants),
    participantsBySector: Object.keys(bySector).length > 0 ? bySector : undefined,
    needs: d.needs.map((n) => ({
      topic: n.topic,
      targetGroups: n.targetGroups,
      ...(opt(n.note) ? { note: opt(n.note) } : {}),
    })),
    findings: d.findings.map((f) => f.trim()),
    actions: d.actions.map((a) => ({
      ...(a.track ? { track: a.track } : {}),
      ...(a.heading ? { heading: a.heading } : {}),
      text: a.text.trim(),
    })),
    votes,
    outlook: opt(d.outlook),
    nextDate: opt(d.nextDate),
    language: d.language,
    links: d.links
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body;
};

export type Checked = { ok: true; input: MeetingInput } | { ok: false; issues: ValidationIssue[] };

/** The same schema as the API: what passes here passes there (but for group and zone rights). */
export const checkDraft = (d: MeetingDraft): Checked => {
  const body = bodyOf(d);
  const parsed = meetingInputSchema.safeParse(body);
  if (parsed.success) return { ok: true, input: parsed.data };
  // An empty list (zone, theme…) is a missing answer, not a value outside the list.
  return {
    ok: false,
    issues: toValidationIssues(parsed.error).map((issue) =>
      valueAt(body, issue.path) === undefined && issue.code !== 'required'
        ? { ...issue, code: 'required', message: REQUIRED }
        : issue,
    ),
  };
};

const REQUIRED = { fr: 'Ce champ est obligatoire.', nl: 'Dit veld is verplicht.' };

const valueAt = (body: unknown, path: string): unknown =>
  path === ''
    ? body
    : path
        .split('.')
        .reduce<unknown>(
          (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
          body,
        );

const SIMPLE = new Set([
  'zone',
  'theme',
  'kind',
  'sequence',
  'date',
  'startTime',
  'endTime',
  'venue',
  'participants',
  'outlook',
  'nextDate',
  'language',
]);

const needControl = (a: string | undefined, b: string | undefined) => {
  if (a === undefined) return 'needs';
  return `needs.${a}.${b === 'note' ? 'note' : b === 'targetGroups' ? 'targetGroups' : 'topic'}`;
};

const actionControl = (a: string | undefined, b: string | undefined) =>
  a === undefined ? 'actions' : `actions.${a}.${b === 'text' ? 'text' : 'track'}`;

const voteControl = ([a, b, c]: (string | undefined)[], d: MeetingDraft): string => {
  if (a === 'options' && b !== undefined) return `votes.options.${b}.${c === 'id' ? 'id' : 'fr'}`;
  if (a === 'points' && b !== undefined) {
    const i = d.options.findIndex((o) => o.id.trim() === b);
    return i >= 0 ? `votes.options.${i}.points` : 'votes.mode';
  }
  if (a === 'ballots' && b !== undefined) return `votes.ballots.${b}.${c ?? 0}`;
  return 'votes.mode';
};

/** The form control an issue is about (its DOM id is `f-` + the dotted path with dashes). */
export const controlPath = (path: string, d: MeetingDraft): string => {
  const [head, a, b, c] = path.split('.');
  if (head && SIMPLE.has(head)) return head;
  switch (head) {
    case 'participantsBySector':
      return `participantsBySector.${a && sectorIds.includes(a) ? a : sectorIds[0]}`;
    case 'needs':
      return needControl(a, b);
    case 'findings':
      return a === undefined ? 'findings' : `findings.${a}`;
    case 'actions':
      return actionControl(a, b);
    case 'votes':
      return voteControl([a, b, c], d);
    case 'links':
      return 'links';
    default:
      return 'zone';
  }
};

export const domId = (path: string) => `f-${path.replace(/\./g, '-')}`;

const BOOKKEEPING = new Set(['version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'meetingId']);

/** The fields that differ between two versions of a meeting, with their earlier and new values. */
export const changedFields = (
  earlier: Record<string, unknown>,
  later: Record<string, unknown>,
): { field: string; before: unknown; after: unknown }[] => {
  const keys = [...new Set([...Object.keys(earlier), ...Object.keys(later)])].filter(
    (k) => !BOOKKEEPING.has(k) && !['supersededAt', 'supersededBy'].includes(k),
  );
  return keys
    .filter((k) => JSON.stringify(earlier[k] ?? null) !== JSON.stringify(later[k] ?? null))
    .map((k) => ({ field: k, before: earlier[k], after: later[k] }));
};
