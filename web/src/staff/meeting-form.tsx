/**
 * The meeting form, to create and to correct: every field of the meeting schema, checked with the same
 * schema as the API before sending; problems listed in a summary (links to the fields) and beside each
 * field; the server's own issues shown the same way.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ValidationIssue } from '../../../shared/errors.ts';
import type { StoredMeeting } from '../../../shared/records.ts';
import { reference } from '../../../shared/reference/index.ts';
import type { Failure } from '../api.ts';
import type { Language } from '../i18n/index.ts';
import { type StaffDictionary, staffDictionaries } from '../i18n/staff.ts';
import { staffApi } from './api.ts';
import { careZones, described, FailureNotice, Field, labelOf } from './common.tsx';
import {
  checkDraft,
  controlPath,
  domId,
  type MeetingDraft,
  newOption,
  sectorIds,
  type VoteMode,
} from './meeting-draft.ts';

type Update = (change: (d: MeetingDraft) => void) => void;
type Errors = Map<string, string[]>;

interface Ctx {
  d: MeetingDraft;
  update: Update;
  errors: Errors;
  lang: Language;
  t: StaffDictionary;
}

const errorOf = (errors: Errors, path: string) => errors.get(path)?.join(' ');

const Text = ({
  c,
  path,
  label,
  value,
  set,
  type = 'text',
  optional,
  hint,
  multiline,
  short,
}: {
  c: Ctx;
  path: string;
  label: string;
  value: string;
  set: (d: MeetingDraft, v: string) => void;
  type?: 'text' | 'date' | 'time' | 'number' | 'url';
  optional?: boolean;
  hint?: string;
  multiline?: boolean;
  short?: boolean;
}) => {
  const id = domId(path);
  const error = errorOf(c.errors, path);
  const common = {
    id,
    name: path,
    value,
    ...described(id, !!hint, error),
    onInput: (e: Event) => {
      const v = (e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;
      c.update((d) => set(d, v));
    },
  };
  return (
    <Field id={id} label={label} hint={hint} error={error} optional={optional} lang={c.lang}>
      {multiline ? (
        <textarea {...common} rows={3} />
      ) : (
        <input
          {...common}
          // Preact types each input type apart; the union is fine at run time.
          type={(type === 'number' ? 'text' : type) as 'text'}
          {...(type === 'number' ? { inputMode: 'numeric' as const } : {})}
          class={short || type === 'number' || type === 'time' || type === 'date' ? 'input-short' : undefined}
        />
      )}
    </Field>
  );
};

const Select = ({
  c,
  path,
  label,
  value,
  set,
  choices,
  optional,
}: {
  c: Ctx;
  path: string;
  label: string;
  value: string;
  set: (d: MeetingDraft, v: string) => void;
  choices: { id: string; label: string }[];
  optional?: boolean;
}) => {
  const id = domId(path);
  const error = errorOf(c.errors, path);
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>
        {label}
        {optional && <span class="required"> {c.t.optional}</span>}
      </label>
      {error && (
        <p class="error-message" id={`${id}-error`}>
          {error}
        </p>
      )}
      <select
        id={id}
        name={path}
        value={value}
        {...described(id, false, error)}
        onChange={(e) => {
          const v = e.currentTarget.value;
          c.update((d) => set(d, v));
        }}
      >
        <option value="">{c.t.choose}</option>
        {choices.map((ch) => (
          <option key={ch.id} value={ch.id}>
            {ch.label}
          </option>
        ))}
      </select>
    </div>
  );
};

const entries = (list: keyof typeof reference, lang: Language) =>
  (reference[list] as { id: string; label: { fr: string; nl: string } }[]).map((e) => ({
    id: e.id,
    label: e.label[lang],
  }));

const RemoveButton = ({ label, onClick }: { label: string; onClick: () => void }) => (
  <button type="button" class="button-link" onClick={onClick}>
    {label}
  </button>
);

const Needs = ({ c }: { c: Ctx }) => {
  const { d, t, lang } = c;
  return (
    <fieldset class="group" id={domId('needs')} tabIndex={-1}>
      <legend>{t.needs}</legend>
      {d.needs.map((need, i) => {
        const groupsPath = `needs.${i}.targetGroups`;
        const groupsError = errorOf(c.errors, groupsPath);
        return (
          <div class="repeat" key={`need-${i}`}>
            <Select
              c={c}
              path={`needs.${i}.topic`}
              label={`${t.needTopic} (${i + 1})`}
              value={need.topic}
              set={(x, v) => {
                const n = x.needs[i];
                if (n) n.topic = v;
              }}
              choices={entries('needsTopics', lang)}
            />
            <fieldset
              class={`checks${groupsError ? ' has-error' : ''}`}
              {...described(domId(groupsPath), false, groupsError)}
            >
              <legend>{t.targetGroups}</legend>
              {groupsError && (
                <p class="error-message" id={`${domId(groupsPath)}-error`}>
                  {groupsError}
                </p>
              )}
              {entries('targetGroups', lang).map((g, j) => {
                const id = j === 0 ? domId(groupsPath) : `${domId(groupsPath)}-${g.id}`;
                return (
                  <div class="choice" key={g.id}>
                    <input
                      type="checkbox"
                      id={id}
                      checked={need.targetGroups.includes(g.id)}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        c.update((x) => {
                          const n = x.needs[i];
                          if (!n) return;
                          n.targetGroups = on
                            ? [...n.targetGroups, g.id]
                            : n.targetGroups.filter((k) => k !== g.id);
                        });
                      }}
                    />
                    <label for={id}>{g.label}</label>
                  </div>
                );
              })}
            </fieldset>
            <Text
              c={c}
              path={`needs.${i}.note`}
              label={t.note}
              optional
              multiline
              value={need.note}
              set={(x, v) => {
                const n = x.needs[i];
                if (n) n.note = v;
              }}
            />
            <RemoveButton
              label={`${t.remove} : ${t.needTopic} (${i + 1})`}
              onClick={() => c.update((x) => x.needs.splice(i, 1))}
            />
          </div>
        );
      })}
      <button
        type="button"
        class="button button-secondary"
        onClick={() => c.update((x) => x.needs.push({ topic: '', targetGroups: [], note: '' }))}
      >
        {t.addNeed}
      </button>
    </fieldset>
  );
};

const Findings = ({ c }: { c: Ctx }) => (
  <fieldset class="group" id={domId('findings')} tabIndex={-1}>
    <legend>{c.t.findings}</legend>
    {c.d.findings.map((f, i) => (
      <div class="repeat" key={`finding-${i}`}>
        <Text
          c={c}
          path={`findings.${i}`}
          label={`${c.t.finding} ${i + 1}`}
          multiline
          value={f}
          set={(x, v) => {
            x.findings[i] = v;
          }}
        />
        <RemoveButton
          label={`${c.t.remove} : ${c.t.finding} ${i + 1}`}
          onClick={() => c.update((x) => x.findings.splice(i, 1))}
        />
      </div>
    ))}
    <button
      type="button"
      class="button button-secondary"
      onClick={() => c.update((x) => x.findings.push(''))}
    >
      {c.t.addFinding}
    </button>
  </fieldset>
);

const Actions = ({ c }: { c: Ctx }) => (
  <fieldset class="group" id={domId('actions')} tabIndex={-1}>
    <legend>{c.t.actions}</legend>
    {c.d.actions.map((a, i) => (
      <div class="repeat" key={`action-${i}`}>
        <Select
          c={c}
          path={`actions.${i}.track`}
          label={`${c.t.track} (${i + 1})`}
          value={a.track}
          set={(x, v) => {
            const y = x.actions[i];
            if (y) y.track = v;
          }}
          choices={entries('actionTracks', c.lang)}
        />
        <Text
          c={c}
          path={`actions.${i}.text`}
          label={c.t.actionText}
          multiline
          value={a.text}
          set={(x, v) => {
            const y = x.actions[i];
            if (y) y.text = v;
          }}
        />
        <RemoveButton
          label={`${c.t.remove} : ${c.t.track} (${i + 1})`}
          onClick={() => c.update((x) => x.actions.splice(i, 1))}
        />
      </div>
    ))}
    <button
      type="button"
      class="button button-secondary"
      onClick={() => c.update((x) => x.actions.push({ track: '', text: '' }))}
    >
      {c.t.addAction}
    </button>
  </fieldset>
);

const Vote = ({ c }: { c: Ctx }) => {
  const { d, t, lang } = c;
  const modes: [VoteMode, string][] = [
    ['none', t.voteNone],
    ['points', t.votePoints],
    ['ballots', t.voteBallots],
  ];
  const modeError = errorOf(c.errors, 'votes.mode');
  const optionLabel = (o: { id: string; fr: string; nl: string }) =>
    (lang === 'fr' ? o.fr || o.nl : o.nl || o.fr) || o.id;
  return (
    <fieldset class="group">
      <legend>{t.vote}</legend>
      <fieldset
        class={`checks${modeError ? ' has-error' : ''}`}
        {...described(domId('votes.mode'), false, modeError)}
      >
        <legend class="visually-hidden">{t.vote}</legend>
        {modeError && (
          <p class="error-message" id={`${domId('votes.mode')}-error`}>
            {modeError}
          </p>
        )}
        {modes.map(([mode, label], i) => {
          const id = i === 0 ? domId('votes.mode') : `${domId('votes.mode')}-${mode}`;
          return (
            <div class="choice" key={mode}>
              <input
                type="radio"
                name="vote-mode"
                id={id}
                value={mode}
                checked={d.voteMode === mode}
                onChange={() =>
                  c.update((x) => {
                    x.voteMode = mode;
                  })
                }
              />
              <label for={id}>{label}</label>
            </div>
          );
        })}
      </fieldset>
      {d.voteMode !== 'none' && (
        <>
          {d.options.map((o, i) => (
            <fieldset class="repeat option" key={`option-${i}`}>
              <legend>{t.option(i + 1)}</legend>
              <div class="grid">
                {(['fr', 'nl'] as const).map((language) => (
                  <Text
                    key={language}
                    c={c}
                    path={`votes.options.${i}.${language}`}
                    label={language === 'fr' ? t.optionFr : t.optionNl}
                    value={o[language]}
                    set={(x, v) => {
                      const y = x.options[i];
                      if (y) y[language] = v;
                    }}
                  />
                ))}
                <Text
                  c={c}
                  path={`votes.options.${i}.id`}
                  label={t.optionId}
                  short
                  value={o.id}
                  set={(x, v) => {
                    const y = x.options[i];
                    if (y) y.id = v;
                  }}
                />
                {d.voteMode === 'points' && (
                  <Text
                    c={c}
                    path={`votes.options.${i}.points`}
                    label={`${t.points} : ${optionLabel(o)}`}
                    type="number"
                    value={o.points}
                    set={(x, v) => {
                      const y = x.options[i];
                      if (y) y.points = v;
                    }}
                  />
                )}
              </div>
              {d.options.length > 1 && (
                <RemoveButton
                  label={`${t.remove} : ${optionLabel(o)}`}
                  onClick={() => c.update((x) => x.options.splice(i, 1))}
                />
              )}
            </fieldset>
          ))}
          <button
            type="button"
            class="button button-secondary"
            onClick={() => c.update((x) => x.options.push(newOption(x.options.length + 1)))}
          >
            {t.addOption}
          </button>
          {d.voteMode === 'ballots' && (
            <div class="ballots">
              {d.ballots.map((b, bi) => (
                <fieldset class="repeat ballot" key={`ballot-${bi}`}>
                  <legend>{t.ballot(bi + 1)}</legend>
                  {[0, 1, 2].map((ci) => (
                    <Select
                      key={`c-${ci}`}
                      c={c}
                      path={`votes.ballots.${bi}.${ci}`}
                      label={`${t.ballot(bi + 1)} · ${t.choice(ci + 1)}`}
                      value={b[ci] ?? ''}
                      optional={ci > 0}
                      set={(x, v) => {
                        const y = x.ballots[bi];
                        if (y) y[ci] = v;
                      }}
                      choices={d.options.map((o) => ({ id: o.id, label: optionLabel(o) }))}
                    />
                  ))}
                  {d.ballots.length > 1 && (
                    <RemoveButton
                      label={`${t.remove} : ${t.ballot(bi + 1)}`}
                      onClick={() => c.update((x) => x.ballots.splice(bi, 1))}
                    />
                  )}
                </fieldset>
              ))}
              <button
                type="button"
                class="button button-secondary"
                onClick={() => c.update((x) => x.ballots.push(['', '', '']))}
              >
                {t.addBallot}
              </button>
            </div>
          )}
        </>
      )}
    </fieldset>
  );
};

/** The name of the field a control path is about, for the error summary. */
const fieldName = (path: string, t: StaffDictionary, lang: Language): string => {
  const [head, a, b, c] = path.split('.');
  const n = Number(a) + 1;
  switch (head) {
    case 'participantsBySector':
      return `${t.participantsBySector} · ${labelOf('sectors', a ?? '', lang)}`;
    case 'needs':
      return `${t.needs} ${n}`;
    case 'findings':
      return `${t.finding} ${n}`;
    case 'actions':
      return `${t.actions} ${n}`;
    case 'votes':
      if (a === 'options') return `${t.vote} · ${t.option(Number(b) + 1)}`;
      if (a === 'ballots')
        return `${t.vote} · ${t.ballot(Number(b) + 1)}${c ? ` · ${t.choice(Number(c) + 1)}` : ''}`;
      return t.vote;
    case 'outlook':
      return t.outlookText;
    case 'links':
      return t.links;
    default: {
      const value = head ? (t as Record<string, unknown>)[head] : undefined;
      return typeof value === 'string' ? value : (head ?? '');
    }
  }
};

const Summary = ({
  issues,
  d,
  t,
  lang,
}: {
  issues: ValidationIssue[];
  d: MeetingDraft;
  t: StaffDictionary;
  lang: Language;
}) => {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [issues]);
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t.errorSummaryTitle}</h2>
      <ul>
        {issues.map((issue, i) => (
          <li key={`${issue.path}-${i}`}>
            <a href={`#${domId(controlPath(issue.path, d))}`}>
              {fieldName(controlPath(issue.path, d), t, lang)}
              {lang === 'fr' ? ' : ' : ': '}
              {issue.message[lang]}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
};

export const MeetingForm = ({
  initial,
  mode,
  zones,
  lang,
  onSaved,
}: {
  initial: MeetingDraft;
  mode: 'create' | 'update';
  zones: string[];
  lang: Language;
  onSaved: (m: StoredMeeting) => void;
}) => {
  const t = staffDictionaries[lang];
  const [d, setD] = useState(initial);
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [failure, setFailure] = useState<Failure | undefined>();
  const [sending, setSending] = useState(false);
  const update: Update = (change) =>
    setD((prev) => {
      const next = structuredClone(prev);
      change(next);
      return next;
    });
  const errors: Errors = new Map();
  for (const issue of issues) {
    const key = controlPath(issue.path, d);
    errors.set(key, [...(errors.get(key) ?? []), issue.message[lang]]);
  }
  const c: Ctx = { d, update, errors, lang, t };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (sending) return;
    setFailure(undefined);
    const checked = checkDraft(d);
    if (!checked.ok) {
      setIssues(checked.issues);
      return;
    }
    setIssues([]);
    setSending(true);
    const r =
      mode === 'create'
        ? await staffApi.createMeeting(checked.input)
        : await staffApi.updateMeeting(checked.input);
    setSending(false);
    if (r.ok) onSaved(r.value);
    else if (r.kind === 'validation') setIssues(r.issues);
    else setFailure(r);
  };

  const zoneChoices = (zones.includes(d.zone) || !d.zone ? zones : [...zones, d.zone]).map((z) => ({
    id: z,
    label: careZones.find((x) => x.id === z) ? labelOf('zones', z, lang) : z,
  }));

  return (
    <form noValidate onSubmit={submit} class="meeting-form">
      {issues.length > 0 && <Summary issues={issues} d={d} t={t} lang={lang} />}
      {failure && <FailureNotice failure={failure} lang={lang} />}
      <fieldset class="group">
        <legend>{t.meetingSection}</legend>
        <div class="grid">
          <Select
            c={c}
            path="zone"
            label={t.zone}
            value={d.zone}
            set={(x, v) => (x.zone = v)}
            choices={zoneChoices}
          />
          <Select
            c={c}
            path="theme"
            label={t.theme}
            value={d.theme}
            set={(x, v) => (x.theme = v)}
            choices={entries('themes', lang)}
          />
          <Select
            c={c}
            path="kind"
            label={t.kind}
            value={d.kind}
            set={(x, v) => (x.kind = v)}
            choices={entries('meetingKinds', lang)}
          />
          <Text
            c={c}
            path="sequence"
            label={t.sequence}
            type="number"
            optional
            value={d.sequence}
            set={(x, v) => (x.sequence = v)}
          />
          <Text c={c} path="date" label={t.date} type="date" value={d.date} set={(x, v) => (x.date = v)} />
          <Text
            c={c}
            path="startTime"
            label={t.startTime}
            type="time"
            optional
            value={d.startTime}
            set={(x, v) => (x.startTime = v)}
          />
          <Text
            c={c}
            path="endTime"
            label={t.endTime}
            type="time"
            optional
            value={d.endTime}
            set={(x, v) => (x.endTime = v)}
          />
          <Text c={c} path="venue" label={t.venue} optional value={d.venue} set={(x, v) => (x.venue = v)} />
          <Text
            c={c}
            path="participants"
            label={t.participants}
            type="number"
            value={d.participants}
            set={(x, v) => (x.participants = v)}
          />
          <Select
            c={c}
            path="language"
            label={t.language}
            value={d.language}
            set={(x, v) => (x.language = v === 'nl' ? 'nl' : 'fr')}
            choices={[
              { id: 'fr', label: 'Français' },
              { id: 'nl', label: 'Nederlands' },
            ]}
          />
        </div>
      </fieldset>
      <fieldset class="group">
        <legend>{t.participantsBySector}</legend>
        <div class="grid">
          {sectorIds.map((s) => (
            <Text
              key={s}
              c={c}
              path={`participantsBySector.${s}`}
              label={labelOf('sectors', s, lang)}
              type="number"
              optional
              value={d.bySector[s] ?? ''}
              set={(x, v) => {
                x.bySector[s] = v;
              }}
            />
          ))}
        </div>
      </fieldset>
      <Needs c={c} />
      <Findings c={c} />
      <Actions c={c} />
      <Vote c={c} />
      <fieldset class="group">
        <legend>{t.outlook}</legend>
        <Text
          c={c}
          path="outlook"
          label={t.outlookText}
          optional
          multiline
          value={d.outlook}
          set={(x, v) => (x.outlook = v)}
        />
        <Text
          c={c}
          path="nextDate"
          label={t.nextDate}
          type="date"
          optional
          value={d.nextDate}
          set={(x, v) => (x.nextDate = v)}
        />
        <Text
          c={c}
          path="links"
          label={t.links}
          optional
          multiline
          value={d.links}
          set={(x, v) => (x.links = v)}
        />
      </fieldset>
      <button type="submit" class="button" aria-disabled={sending ? 'true' : undefined}>
        {sending ? t.saving : mode === 'update' ? t.correct : t.save}
      </button>
    </form>
  );
};
