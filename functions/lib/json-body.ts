/**
 * Checks on a JSON request body that must run before (or right after) JSON.parse and before any schema:
 * content type, UTF-8, nesting depth, control characters, lone surrogates and `__proto__` keys. Schemas
 * never see a body that could overflow the stack or smuggle a prototype key past them.
 */
import { invalidField, type ValidationIssue, validationError } from '../../shared/errors.ts';

/** Arrays and objects nested deeper than this are refused before parsing (no body needs more than ~6). */
export const MAX_JSON_DEPTH = 32;

/** `application/json`, optionally with `charset=utf-8`; anything else is a 415. */
const JSON_CONTENT_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

export const isJsonContentType = (value: string | undefined): boolean =>
  value !== undefined && JSON_CONTENT_TYPE.test(value.trim());

/**
 * Index of the quote closing a JSON string whose content starts at `from` (escapes skipped), or past the
 * end when the string is unterminated.
 */
const stringEnd = (text: string, from: number): number => {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return text.length;
};

/** True once arrays/objects nest deeper than `limit`; scans the text without parsing or recursion. */
export const nestingExceeds = (text: string, limit = MAX_JSON_DEPTH): boolean => {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Brackets inside strings do not nest: jump to the closing quote.
    if (c === 0x22) i = stringEnd(text, i + 1);
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
};

export const tooDeep = () =>
  invalidField('', 'too_deep', {
    fr: `Le contenu est trop imbriqué (${MAX_JSON_DEPTH} niveaux au maximum).`,
    nl: `De inhoud is te diep genest (maximaal ${MAX_JSON_DEPTH} niveaus).`,
  });

const REPLACEMENT = '\ufffd';

/** A C0 control character other than tab, LF and CR (NUL, ESC, …). */
const hasControl = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
  }
  return false;
};

/** A UTF-16 surrogate without its pair (cannot be stored as UTF-8). */
const hasLoneSurrogate = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
};

const MAX_ISSUES = 20;

/** Problems of one string (a value or a key) at `path`; `replaced` marks bytes that were not UTF-8. */
const stringIssue = (s: string, path: string, replaced: boolean): ValidationIssue | undefined => {
  if (replaced && s.includes(REPLACEMENT))
    return {
      path,
      code: 'invalid_utf8',
      message: { fr: 'Texte qui n’est pas de l’UTF-8 valide.', nl: 'Tekst die geen geldige UTF-8 is.' },
    };
  if (hasControl(s))
    return {
      path,
      code: 'control_character',
      message: {
        fr: 'Caractère de contrôle interdit (seuls tabulation et retours à la ligne sont permis).',
        nl: 'Verboden stuurteken (enkel tab en regeleinden zijn toegestaan).',
      },
    };
  if (hasLoneSurrogate(s))
    return {
      path,
      code: 'lone_surrogate',
      message: {
        fr: 'Texte mal formé (caractère Unicode incomplet).',
        nl: 'Misvormde tekst (onvolledig Unicode-teken).',
      },
    };
  return undefined;
};

const join = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);

/** A key is checked like a string, except `__proto__`, which is refused outright. */
const keyIssue = (key: string, path: string, replaced: boolean): ValidationIssue | undefined =>
  key === '__proto__'
    ? {
        path,
        code: 'reserved_key',
        message: { fr: 'Nom de champ réservé : __proto__.', nl: 'Gereserveerde veldnaam: __proto__.' },
      }
    : stringIssue(key, path, replaced);

type Pending = { value: unknown; path: string };

/** Checks the keys of one object now and queues its values for later. */
const visitObject = (
  v: object,
  path: string,
  replaced: boolean,
  out: ValidationIssue[],
  stack: Pending[],
): void => {
  for (const [key, item] of Object.entries(v)) {
    const at = join(path, key);
    const problem = keyIssue(key, at, replaced);
    if (problem) out.push(problem);
    stack.push({ value: item, path: at });
  }
};

/**
 * Every string value and key of a parsed body (depth already bounded) checked once; `__proto__` keys are
 * refused rather than silently dropped by a schema.
 */
export const textIssues = (value: unknown, replaced = false): ValidationIssue[] => {
  const out: ValidationIssue[] = [];
  const stack: Pending[] = [{ value, path: '' }];
  while (stack.length > 0 && out.length < MAX_ISSUES) {
    const { value: v, path } = stack.pop() as Pending;
    if (typeof v === 'string') {
      const problem = stringIssue(v, path, replaced);
      if (problem) out.push(problem);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => {
        stack.push({ value: item, path: join(path, i) });
      });
    } else if (v !== null && typeof v === 'object') visitObject(v, path, replaced, out, stack);
  }
  return out.reverse();
};

export const throwOnTextIssues = (value: unknown, replaced = false): void => {
  const issues = textIssues(value, replaced);
  if (issues.length > 0) throw validationError(issues);
};
