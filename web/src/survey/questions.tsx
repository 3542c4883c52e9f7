/**
 * One component per question type. Each question is a fieldset with a legend (or a label for a single
 * input); its hint and error are tied to the controls with aria-describedby, errors set aria-invalid.
 */
import type { Question } from '../../../shared/records.ts';
import { reference } from '../../../shared/reference/index.ts';
import type { FieldValue } from '../draft.ts';
import { dictionaries, type Language } from '../i18n/index.ts';

export const controlId = (q: Question) =>
  q.type === 'ranking'
    ? `q-${q.id}-rank-1`
    : q.type === 'text' || q.type === 'number'
      ? `q-${q.id}-input`
      : `q-${q.id}-0`;

interface Props {
  q: Question;
  lang: Language;
  value: FieldValue | undefined;
  error: string | undefined;
  onChange: (value: FieldValue) => void;
}

const hintOf = (q: Question, lang: Language): string | undefined => {
  const t = dictionaries[lang];
  switch (q.type) {
    case 'multiple':
      return q.max !== undefined && q.max < q.options.length ? t.multipleMaxHint(q.max) : t.multipleHint;
    case 'ranking':
      return t.rankingHint(q.pick);
    case 'text':
      return t.textHint(q.maxLength);
    case 'number':
      return t.numberHint(q.min, q.max);
    default:
      return undefined;
  }
};

const Heading = ({ q, lang }: { q: Question; lang: Language }) => (
  <>
    {q.label[lang]}
    {q.required && <span class="required"> {dictionaries[lang].required}</span>}
  </>
);

const ErrorMessage = ({ id, error, lang }: { id: string; error: string | undefined; lang: Language }) =>
  error ? (
    <p id={id} class="error-message">
      <span class="visually-hidden">{dictionaries[lang].errorPrefix} </span>
      {error}
    </p>
  ) : null;

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

export const QuestionField = ({ q, lang, value, error, onChange }: Props) => {
  const hint = hintOf(q, lang);
  const hintId = `q-${q.id}-hint`;
  const errorId = `q-${q.id}-error`;
  const described = describedBy(hint && hintId, error && errorId);
  const invalid = error ? true : undefined;
  const groupClass = `question${error ? ' has-error' : ''}`;

  if (q.type === 'text' || q.type === 'number') {
    const id = controlId(q);
    const text = typeof value === 'string' ? value : '';
    return (
      <div class={groupClass} id={`q-${q.id}`}>
        <label class="question-label" for={id}>
          <Heading q={q} lang={lang} />
        </label>
        {hint && (
          <p class="hint" id={hintId}>
            {hint}
          </p>
        )}
        <ErrorMessage id={errorId} error={error} lang={lang} />
        {q.type === 'text' ? (
          <textarea
            id={id}
            name={q.id}
            rows={4}
            maxLength={q.maxLength}
            value={text}
            aria-describedby={described}
            aria-invalid={invalid}
            onInput={(e) => onChange(e.currentTarget.value)}
          />
        ) : (
          <input
            id={id}
            name={q.id}
            type="text"
            inputMode="decimal"
            class="input-number"
            value={text}
            aria-describedby={described}
            aria-invalid={invalid}
            onInput={(e) => onChange(e.currentTarget.value)}
          />
        )}
      </div>
    );
  }

  const options = q.type === 'zone' ? reference.zones.map((z) => ({ id: z.id, label: z.label })) : q.options;

  return (
    <fieldset class={groupClass} id={`q-${q.id}`} aria-describedby={described}>
      <legend class="question-label">
        <Heading q={q} lang={lang} />
      </legend>
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      <ErrorMessage id={errorId} error={error} lang={lang} />
      {q.type === 'ranking' ? (
        <div class="ranks">
          {q.weights.map((weight, i) => {
            const ranks = Array.isArray(value) ? value : [];
            const current = ranks[i] ?? '';
            const takenElsewhere = new Set(ranks.filter((v, j) => j !== i && v !== ''));
            const id = `q-${q.id}-rank-${i + 1}`;
            return (
              <div class="rank" key={id}>
                <label for={id}>{dictionaries[lang].rankLabel(i + 1, weight)}</label>
                <select
                  id={id}
                  name={`${q.id}-${i + 1}`}
                  value={current}
                  aria-invalid={invalid}
                  onChange={(e) => {
                    const next = Array.from({ length: q.pick }, (_, j) => ranks[j] ?? '');
                    next[i] = e.currentTarget.value;
                    onChange(next);
                  }}
                >
                  <option value="">{dictionaries[lang].choose}</option>
                  {options
                    .filter((o) => !takenElsewhere.has(o.id))
                    .map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.label[lang]}
                      </option>
                    ))}
                </select>
              </div>
            );
          })}
        </div>
      ) : (
        <div class="choices">
          {options.map((o, i) => {
            const id = `q-${q.id}-${i}`;
            const multiple = q.type === 'multiple';
            const chosen = multiple ? Array.isArray(value) && value.includes(o.id) : value === o.id;
            return (
              <div class="choice" key={o.id}>
                <input
                  id={id}
                  type={multiple ? 'checkbox' : 'radio'}
                  name={q.id}
                  value={o.id}
                  checked={chosen}
                  aria-invalid={invalid}
                  onChange={(e) => {
                    if (!multiple) return onChange(o.id);
                    const list = Array.isArray(value) ? value : [];
                    onChange(e.currentTarget.checked ? [...list, o.id] : list.filter((v) => v !== o.id));
                  }}
                />
                <label for={id}>{o.label[lang]}</label>
              </div>
            );
          })}
        </div>
      )}
    </fieldset>
  );
};
