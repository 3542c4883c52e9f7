/**
 * `/staff/meetings/new` and `/staff/meetings/{id}`: the form to create or correct a meeting, its earlier
 * versions (who replaced each, when, and every changed field earlier → new), and its erasure after a
 * confirmation that says what goes.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoredMeeting } from '../../../shared/records.ts';
import type { Failure } from '../api.ts';
import type { Language } from '../i18n/index.ts';
import { type StaffDictionary, staffDictionaries } from '../i18n/staff.ts';
import { type MeetingVersion, staffApi } from './api.ts';
import {
  canWriteMeetings,
  FailureNotice,
  formatDateTime,
  formatDay,
  type Loadable,
  Loading,
  labelOf,
  ScrollRegion,
  zonesOf,
} from './common.tsx';
import { StaffLayout, useStaffTitle } from './layout.tsx';
import type { StaffProps } from './main.tsx';
import { changedFields, draftOf, emptyDraft } from './meeting-draft.ts';
import { MeetingForm } from './meeting-form.tsx';

const FIELD_LABEL: Record<string, keyof StaffDictionary> = {
  zone: 'zone',
  theme: 'theme',
  kind: 'kind',
  sequence: 'sequence',
  date: 'date',
  startTime: 'startTime',
  endTime: 'endTime',
  venue: 'venue',
  participants: 'participants',
  participantsBySector: 'participantsBySector',
  needs: 'needs',
  findings: 'findings',
  actions: 'actions',
  votes: 'vote',
  outlook: 'outlookText',
  nextDate: 'nextDate',
  language: 'language',
  links: 'links',
};

/** A field's value as a person reads it: reference labels, numbers, short lists. */
const show = (field: string, value: unknown, lang: Language): string => {
  if (value === undefined || value === null || value === '') return '—';
  if (field === 'zone') return labelOf('zones', String(value), lang);
  if (field === 'theme') return labelOf('themes', String(value), lang);
  if (field === 'kind') return labelOf('meetingKinds', String(value), lang);
  if (field === 'participantsBySector')
    return Object.entries(value as Record<string, number>)
      .map(([k, v]) => `${labelOf('sectors', k, lang)} ${v}`)
      .join(', ');
  if (field === 'actions')
    return (value as { track: string; text: string }[])
      .map((a) => `${labelOf('actionTracks', a.track, lang)}: ${a.text}`)
      .join(' · ');
  if (field === 'needs')
    return (value as { topic: string; targetGroups: string[] }[])
      .map(
        (n) =>
          `${labelOf('needsTopics', n.topic, lang)} (${n.targetGroups.map((g) => labelOf('targetGroups', g, lang)).join(', ')})`,
      )
      .join(' · ');
  if (field === 'votes') {
    const v = value as StoredMeeting['votes'];
    const label = (id: string) => {
      const o = v?.options.find((x) => x.id === id);
      return o?.label[lang] ?? o?.label.fr ?? o?.label.nl ?? id;
    };
    if (v?.points)
      return Object.entries(v.points)
        .map(([id, p]) => `${label(id)} ${p}`)
        .join(', ');
    return (v?.ballots ?? []).map((b) => b.map(label).join(' > ')).join(' | ');
  }
  if (Array.isArray(value)) return value.map(String).join(' · ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

const History = ({
  meeting,
  history,
  lang,
}: {
  meeting: StoredMeeting;
  history: MeetingVersion[];
  lang: Language;
}) => {
  const t = staffDictionaries[lang];
  const versions = [...history].sort((a, b) => a.version - b.version);
  return (
    <section aria-labelledby="history-title" class="history">
      <h2 id="history-title">{t.history}</h2>
      {versions.length === 0 && <p>{t.noHistory}</p>}
      {versions
        .map((v, i) => {
          const later: StoredMeeting = versions[i + 1] ?? meeting;
          const changes = changedFields(
            v as unknown as Record<string, unknown>,
            later as unknown as Record<string, unknown>,
          );
          return (
            <div class="version" key={v.version}>
              <h3>{t.versionBy(v.version, v.supersededBy, formatDateTime(lang, v.supersededAt))}</h3>
              <ScrollRegion
                label={t.versionBy(v.version, v.supersededBy, formatDateTime(lang, v.supersededAt))}
              >
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t.field}</th>
                      <th scope="col">{t.before}</th>
                      <th scope="col">{t.after}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {changes.map((ch) => (
                      <tr key={ch.field}>
                        <th scope="row">
                          {FIELD_LABEL[ch.field]
                            ? String(t[FIELD_LABEL[ch.field] as keyof StaffDictionary])
                            : ch.field}
                        </th>
                        <td>{show(ch.field, ch.before, lang)}</td>
                        <td>{show(ch.field, ch.after, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            </div>
          );
        })
        .reverse()}
    </section>
  );
};

const Erase = ({ meeting, versions, lang }: { meeting: StoredMeeting; versions: number; lang: Language }) => {
  const t = staffDictionaries[lang];
  const [asking, setAsking] = useState(false);
  const [failure, setFailure] = useState<Failure | undefined>();
  const confirmRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  const erase = async () => {
    const r = await staffApi.deleteMeeting(meeting.meetingId);
    if (r.ok) location.assign(`/staff?erased=1&period=${meeting.date.slice(0, 4)}&lang=${lang}`);
    else setFailure(r);
  };
  return (
    <section aria-labelledby="erase-title" class="danger-zone">
      <h2 id="erase-title">{t.eraseTitle}</h2>
      {!asking ? (
        <button type="button" class="button button-danger" onClick={() => setAsking(true)}>
          {t.erase}
        </button>
      ) : (
        <div
          role="alertdialog"
          aria-labelledby="erase-confirm-text"
          class="confirm"
          tabIndex={-1}
          ref={confirmRef}
        >
          <p id="erase-confirm-text">{t.eraseWarning(versions)}</p>
          <div class="button-row">
            <button type="button" class="button button-danger" onClick={() => void erase()}>
              {t.eraseConfirm}
            </button>
            <button type="button" class="button button-secondary" onClick={() => setAsking(false)}>
              {t.cancel}
            </button>
          </div>
        </div>
      )}
      {failure && <FailureNotice failure={failure} lang={lang} />}
    </section>
  );
};

export const MeetingPage = ({ lang, setLang, session, meetingId }: StaffProps & { meetingId: string }) => {
  const t = staffDictionaries[lang];
  const creating = meetingId === 'new';
  useStaffTitle(creating ? t.newMeeting : t.editTitle, lang);
  const zones = zonesOf(session);
  const [state, setState] = useState<Loadable<{ meeting: StoredMeeting; history: MeetingVersion[] }>>({
    kind: 'loading',
  });
  const [tries, setTries] = useState(0);
  const saved = new URLSearchParams(location.search).get('saved') === '1';
  const [newId] = useState(() => crypto.randomUUID());

  useEffect(() => {
    if (creating) return;
    let live = true;
    staffApi.meeting(meetingId).then((r) => {
      if (live) setState(r.ok ? { kind: 'ready', value: r.value } : { kind: 'failed', failure: r });
    });
    return () => {
      live = false;
    };
  }, [meetingId, tries]);

  const afterSave = (m: StoredMeeting) =>
    location.assign(`/staff/meetings/${encodeURIComponent(m.meetingId)}?saved=1&lang=${lang}`);

  const who = session.groups.join(', ');
  const writable = canWriteMeetings(session);
  return (
    <StaffLayout lang={lang} setLang={setLang} section="meetings" who={who}>
      <p>
        <a href="/staff">← {t.meetings}</a>
      </p>
      {creating ? (
        <>
          <h1>{t.newMeeting}</h1>
          <MeetingForm
            initial={emptyDraft(newId, zones.length === 1 ? (zones[0] ?? '') : '', lang)}
            mode="create"
            zones={zones}
            lang={lang}
            onSaved={afterSave}
          />
        </>
      ) : (
        <>
          <h1>{t.editTitle}</h1>
          {state.kind === 'loading' && <Loading lang={lang} />}
          {state.kind === 'failed' && (
            <FailureNotice failure={state.failure} lang={lang} retry={() => setTries((n) => n + 1)} />
          )}
          {state.kind === 'ready' && (
            <>
              {saved && (
                <p role="status" class="notice-success">
                  {t.saved}
                </p>
              )}
              <p class="lead">
                {labelOf('themes', state.value.meeting.theme, lang)} ·{' '}
                {labelOf('zones', state.value.meeting.zone, lang)} ·{' '}
                {formatDay(lang, state.value.meeting.date)}
              </p>
              <p>
                <a href="#history-title">
                  {t.history} ({state.value.history.length})
                </a>
              </p>
              {writable && (
                <MeetingForm
                  key={state.value.meeting.version}
                  initial={draftOf(state.value.meeting)}
                  mode="update"
                  zones={zones}
                  lang={lang}
                  onSaved={afterSave}
                />
              )}
              <History meeting={state.value.meeting} history={state.value.history} lang={lang} />
              {writable && (
                <Erase meeting={state.value.meeting} versions={state.value.history.length + 1} lang={lang} />
              )}
            </>
          )}
        </>
      )}
    </StaffLayout>
  );
};
