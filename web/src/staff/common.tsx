/** Small pieces the staff pages share: reference labels, loading states, failures, periods. */
import type { ComponentChildren } from 'preact';
import { reference } from '../../../shared/reference/index.ts';
import type { Failure } from '../api.ts';
import type { Session } from '../auth/session.ts';
import type { Language } from '../i18n/index.ts';
import { staffDictionaries } from '../i18n/staff.ts';

export type Loadable<T> =
  | { kind: 'loading' }
  | { kind: 'failed'; failure: Failure }
  | { kind: 'ready'; value: T };

type ListName =
  | 'zones'
  | 'themes'
  | 'meetingKinds'
  | 'needsTopics'
  | 'targetGroups'
  | 'sectors'
  | 'actionTracks';

/** The label of a reference id in the chosen language (the id itself when unknown). */
export const labelOf = (list: ListName, id: string, lang: Language) =>
  (reference[list] as { id: string; label: { fr: string; nl: string } }[]).find((e) => e.id === id)?.label[
    lang
  ] ?? id;

/** The care zones (the region is not a zone one enters meetings for). */
export const careZones = reference.zones.filter((z) => z.id !== 'region');

/** Zones a signed-in person works for: every zone for staff and rar, a coordinator their own. */
export const zonesOf = (session: Session): string[] => {
  if (session.groups.includes('staff') || session.groups.includes('rar')) return careZones.map((z) => z.id);
  return session.groups.filter((g) => g.startsWith('zone-')).map((g) => g.slice(5));
};

export const canSeeAllZones = (session: Session) =>
  session.groups.includes('staff') || session.groups.includes('rar');
export const canWriteMeetings = (session: Session) =>
  session.groups.includes('staff') || session.groups.some((g) => g.startsWith('zone-'));
export const canRunReports = canSeeAllZones;

/** The current quarter in Brussels, as 2026-Q4. */
export const currentQuarter = (now = new Date()) => {
  const [y, m] = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Brussels',
    year: 'numeric',
    month: '2-digit',
  })
    .format(now)
    .split('-')
    .map(Number);
  return `${y}-Q${Math.floor(((m ?? 1) - 1) / 3) + 1}`;
};

export const isPeriod = (s: string) => /^\d{4}(-Q[1-4])?$/.test(s);

export const formatDateTime = (lang: Language, iso: string) =>
  new Intl.DateTimeFormat(lang === 'fr' ? 'fr-BE' : 'nl-BE', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Brussels',
  }).format(new Date(iso));

export const formatDay = (lang: Language, day: string) =>
  new Intl.DateTimeFormat(lang === 'fr' ? 'fr-BE' : 'nl-BE', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

/** What a failed load says, with a retry button. */
export const FailureNotice = ({
  failure,
  lang,
  retry,
}: {
  failure: Failure;
  lang: Language;
  retry?: () => void;
}) => {
  const t = staffDictionaries[lang];
  const text =
    failure.kind === 'unreachable'
      ? t.loadFailed
      : failure.kind === 'not-found'
        ? t.notFound
        : 'message' in failure
          ? failure.message[lang]
          : t.forbidden;
  return (
    <div role="alert" class="notice-warning">
      <p>{text}</p>
      {retry && failure.kind === 'unreachable' && (
        <button type="button" class="button button-secondary" onClick={retry}>
          {t.retry}
        </button>
      )}
    </div>
  );
};

export const Loading = ({ lang }: { lang: Language }) => (
  <p role="status">{staffDictionaries[lang].loading}</p>
);

export const Field = ({
  id,
  label,
  hint,
  error,
  optional,
  lang,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  optional?: boolean;
  lang: Language;
  children: ComponentChildren;
}) => (
  <div class={`field${error ? ' has-error' : ''}`}>
    <label for={id}>
      {label}
      {optional && <span class="required"> {staffDictionaries[lang].optional}</span>}
    </label>
    {hint && (
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
    )}
    {error && (
      <p class="error-message" id={`${id}-error`}>
        {error}
      </p>
    )}
    {children}
  </div>
);

/** aria-describedby / aria-invalid for a control with an optional hint and error. */
export const described = (id: string, hint: boolean, error: string | undefined) => {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { ...(ids ? { 'aria-describedby': ids } : {}), ...(error ? { 'aria-invalid': true as const } : {}) };
};

/** A wide table's box: scrolls sideways on a phone, and takes focus so the keyboard can scroll it too. */
export const ScrollRegion = ({ label, children }: { label: string; children: ComponentChildren }) => (
  // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
  <section class="table-scroll" aria-label={label} tabIndex={0}>
    {children}
  </section>
);
