/**
 * Small-count suppression of survey-derived figures (pure functions; the rule text is published in every
 * report body and in docs/aggregates.md).
 *
 * The response counts form a table: rows = zones (the `region` pseudo-zone included), columns = themes,
 * with row totals (zone totals), column totals (region figures per theme) and the grand total. In the
 * "extended" table the totals are members of their line: Σ cells of a row − row total = 0, and likewise
 * for columns and for the total row / total column.
 *
 * 1. Primary: every cell or total based on 1 to THRESHOLD − 1 responses is withheld. A zero is published:
 *    it discloses nobody, and readers must tell "no survey here" from "a few responses".
 * 2. Secondary, repeated until nothing changes:
 *    a. a line (row or column, totals included) with exactly one withheld member would give it away by
 *       subtraction: also withhold the smallest other published non-zero member of that line (a zero only
 *       when the line has no other: a withheld zero next to a withheld small cell protects little);
 *    b. a line whose total is published and whose withheld cells add up to 0 would show they are all 0:
 *       also withhold its smallest published non-zero cell (or its total if it has none);
 *    c. a withheld cell that lies on no cycle of withheld cells (a bridge of the bipartite graph
 *       rows × columns whose edges are the withheld cells) is fixed by the line equations: withhold the
 *       smallest published cell that puts it on a cycle.
 *    After (a)–(c) no withheld value follows from the published ones by the additive relations: the
 *    solutions of the line equations move every withheld cell along a cycle.
 * 3. A year is the sum of its quarters, whose reports are published too: a year cell with exactly one
 *    withheld quarter is withheld (`forced`), and a year cell whose four quarters are all published
 *    (`known`: anyone can add them up) is never chosen as a complement.
 */

export const THRESHOLD = 5;

/** The total row / column label in a suppression table. */
export const TOTAL = '*';

export interface CountTable {
  rows: string[];
  cols: string[];
  /** value(row, col) for inner cells; totals are computed. */
  value: (row: string, col: string) => number;
}

export const cellId = (row: string, col: string): string => `${row}|${col}`;

export interface SuppressionResult {
  /** Withheld cells, as cellId(row, col); totals use TOTAL for the row and/or column. */
  hidden: Set<string>;
  primary: number;
  secondary: number;
}

interface Extended {
  rows: string[]; // inner rows + TOTAL
  cols: string[]; // inner cols + TOTAL
  v: Map<string, number>;
}

const extend = (t: CountTable): Extended => {
  const rows = [...t.rows, TOTAL];
  const cols = [...t.cols, TOTAL];
  const v = new Map<string, number>();
  let grand = 0;
  const colTotals = new Map<string, number>();
  for (const r of t.rows) {
    let rowTotal = 0;
    for (const c of t.cols) {
      const x = t.value(r, c);
      v.set(cellId(r, c), x);
      rowTotal += x;
      colTotals.set(c, (colTotals.get(c) ?? 0) + x);
    }
    v.set(cellId(r, TOTAL), rowTotal);
    grand += rowTotal;
  }
  for (const c of t.cols) v.set(cellId(TOTAL, c), colTotals.get(c) ?? 0);
  v.set(cellId(TOTAL, TOTAL), grand);
  return { rows, cols, v };
};

/** The lines of the extended table: each row and each column, totals included. */
const linesOf = (e: Extended): { members: string[]; total: string }[] => [
  ...e.rows.map((r) => ({ members: e.cols.map((c) => cellId(r, c)), total: cellId(r, TOTAL) })),
  ...e.cols.map((c) => ({ members: e.rows.map((r) => cellId(r, c)), total: cellId(TOTAL, c) })),
];

/** Smallest published member (ties: the first in table order), optionally filtered. */
const smallestPublished = (
  members: string[],
  hidden: Set<string>,
  v: Map<string, number>,
  keep: (id: string) => boolean = () => true,
): string | undefined => {
  let best: string | undefined;
  for (const id of members) {
    if (hidden.has(id) || !keep(id)) continue;
    if (best === undefined || (v.get(id) ?? 0) < (v.get(best) ?? 0)) best = id;
  }
  return best;
};

/** Whether the withheld cell `edge` is a bridge: removing it disconnects its row from its column. */
const isBridge = (edge: string, hidden: Set<string>): boolean => {
  const [row, col] = edge.split('|') as [string, string];
  const adjacency = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = adjacency.get(a);
    if (list) list.push(b);
    else adjacency.set(a, [b]);
  };
  for (const id of hidden) {
    if (id === edge) continue;
    const [r, c] = id.split('|') as [string, string];
    link(`r:${r}`, `c:${c}`);
    link(`c:${c}`, `r:${r}`);
  }
  const start = `r:${row}`;
  const goal = `c:${col}`;
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.pop() as string;
    if (node === goal) return false;
    for (const next of adjacency.get(node) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return true;
};

export interface TableOptions {
  threshold?: number;
  /** Cells that must be withheld whatever their value (a year cell with exactly one withheld quarter). */
  forced?: Set<string>;
  /** Cells anyone can work out elsewhere (a year cell whose quarters are all published): no use as complements. */
  known?: Set<string>;
}

type Line = ReturnType<typeof linesOf>[number];

/**
 * Rules (a) and (b) on one line: withholds a complement if the line would give a withheld member away.
 * Returns whether it withheld one.
 */
const complementLine = (
  line: Line,
  hidden: Set<string>,
  v: Map<string, number>,
  usable: (id: string) => boolean,
): boolean => {
  const withheld = line.members.filter((id) => hidden.has(id));
  if (withheld.length === 1) {
    const extra =
      smallestPublished(line.members, hidden, v, (id) => usable(id) && (v.get(id) ?? 0) > 0) ??
      smallestPublished(line.members, hidden, v, usable);
    if (!extra) return false;
    hidden.add(extra);
    return true;
  }
  if (withheld.length <= 1 || hidden.has(line.total)) return false;
  const sum = withheld.reduce((s, id) => s + (v.get(id) ?? 0), 0);
  if (sum !== 0) return false;
  const extra =
    smallestPublished(
      line.members,
      hidden,
      v,
      (id) => usable(id) && id !== line.total && (v.get(id) ?? 0) > 0,
    ) ?? line.total;
  hidden.add(extra);
  return true;
};

/**
 * Rule (c): for the first withheld bridge that can be fixed, withholds the smallest published cell of
 * `candidates` that puts it on a cycle. Returns whether it withheld one.
 */
const fixOneBridge = (hidden: Set<string>, candidates: string[], v: Map<string, number>): boolean => {
  for (const edge of hidden) {
    if (!isBridge(edge, hidden)) continue;
    // Non-zero cells first, then by value.
    const value = (id: string) => v.get(id) ?? 0;
    const sorted = candidates
      .filter((id) => !hidden.has(id))
      .sort((a, b) => Number(value(a) === 0) - Number(value(b) === 0) || value(a) - value(b));
    const fix = sorted.find((id) => !isBridge(edge, new Set([...hidden, id])));
    if (fix) {
      hidden.add(fix);
      return true;
    }
  }
  return false;
};

/** Applies primary and secondary suppression to a count table (see the module comment). */
export const suppressTable = (table: CountTable, options: TableOptions = {}): SuppressionResult => {
  const threshold = options.threshold ?? THRESHOLD;
  const known = options.known ?? new Set<string>();
  const e = extend(table);
  const hidden = new Set<string>();
  for (const [id, x] of e.v) if ((x > 0 && x < threshold) || options.forced?.has(id)) hidden.add(id);
  const primary = hidden.size;
  const lines = linesOf(e);
  const all = [...e.v.keys()].filter((id) => !known.has(id));
  const usable = (id: string) => !known.has(id);
  for (let changed = true; changed; ) {
    changed = false;
    // Every line is visited in each pass, whether or not an earlier one withheld a cell.
    for (const line of lines) if (complementLine(line, hidden, e.v, usable)) changed = true;
    if (changed) continue;
    changed = fixOneBridge(hidden, all, e.v);
  }
  return { hidden, primary, secondary: hidden.size - primary };
};

/**
 * Ranking figures of one question: the zones' figures add up to the region's. `answered[zone]` is the
 * number of responses that answered it, `hiddenCells` the zones whose response count is withheld.
 * Returns the zones whose ranking is withheld, and whether the region's is.
 */
export interface RankingLineOptions {
  threshold?: number;
  /** Zones (and the region) whose ranking must be withheld: exactly one of their quarters was. */
  forcedZones?: Set<string>;
  forcedRegion?: boolean;
  /** Zones whose ranking anyone can work out from the quarters: no use as complements. */
  knownZones?: Set<string>;
}

/** Zones withheld on their own: a small count, a withheld response count, or forced. */
const primaryZones = (
  answered: Map<string, number>,
  hiddenCells: Set<string>,
  threshold: number,
  forcedZones: Set<string> | undefined,
): Set<string> => {
  const zones = new Set<string>();
  for (const [zone, n] of answered)
    if ((n > 0 && n < threshold) || hiddenCells.has(zone) || forcedZones?.has(zone)) zones.add(zone);
  return zones;
};

export const suppressRankingLine = (
  answered: Map<string, number>,
  hiddenCells: Set<string>,
  options: RankingLineOptions = {},
): { zones: Set<string>; region: boolean; primary: number } => {
  const threshold = options.threshold ?? THRESHOLD;
  const zones = primaryZones(answered, hiddenCells, threshold, options.forcedZones);
  const primary = zones.size;
  const regionTotal = [...answered.values()].reduce((s, n) => s + n, 0);
  let region = (regionTotal > 0 && regionTotal < threshold) || options.forcedRegion === true;
  const published = () => [...answered.keys()].filter((z) => !zones.has(z) && !options.knownZones?.has(z));
  for (let changed = true; changed && !region; ) {
    changed = false;
    const hiddenSum = [...zones].reduce((s, z) => s + (answered.get(z) ?? 0), 0);
    if (zones.size === 1 || (zones.size > 1 && hiddenSum === 0)) {
      const candidates = published()
        .filter((z) => (answered.get(z) ?? 0) > 0)
        .sort((a, b) => (answered.get(a) ?? 0) - (answered.get(b) ?? 0));
      const next = candidates[0];
      if (next) zones.add(next);
      else region = true;
      changed = true;
    }
  }
  return { zones, region, primary };
};

/** The rule as published in every report body. */
export const SUPPRESSION_RULE = {
  fr:
    `Les chiffres issus des enquêtes (nombre de réponses, points, premiers choix et rangs) basés sur 1 à ${THRESHOLD - 1} réponses ` +
    'sont remplacés par null (« suppressed »: true) ; un zéro est publié. Pour qu’aucune case masquée ne puisse être retrouvée à partir des totaux ' +
    '(totaux par bassin, par thème, pour la région), d’autres cases sont masquées : dans toute ligne ou colonne où une seule case ' +
    'serait masquée, la plus petite autre case publiée non nulle l’est aussi ; de même lorsque les cases masquées d’une ligne totalisent 0 ' +
    'ou qu’une case masquée pourrait être déduite des équations des totaux. Les classements d’une question par bassin sont masqués ' +
    'avec la case de leur bassin et thème ; si un seul bassin serait masqué alors que la région est publiée, le plus petit autre ' +
    'bassin (ou la région) l’est aussi. Les réunions et les participants ne sont jamais masqués.',
  nl:
    `Cijfers uit de enquêtes (aantal antwoorden, punten, eerste keuzes en rangen) op basis van 1 tot ${THRESHOLD - 1} antwoorden ` +
    'worden vervangen door null ("suppressed": true); een nul wordt gepubliceerd. Opdat geen verborgen cel uit de totalen (per zorgzone, per thema, voor het ' +
    'gewest) kan worden afgeleid, worden ook andere cellen verborgen: in elke rij of kolom met slechts één verborgen cel wordt ook ' +
    'de kleinste andere gepubliceerde cel verschillend van nul verborgen; evenzo wanneer de verborgen cellen van een rij samen 0 zijn of wanneer een ' +
    'verborgen cel uit de vergelijkingen van de totalen zou volgen. Rangschikkingen van een vraag per zorgzone worden verborgen met ' +
    'de cel van hun zorgzone en thema; als slechts één zorgzone verborgen zou zijn terwijl het gewest gepubliceerd is, wordt ook de ' +
    'kleinste andere zorgzone (of het gewest) verborgen. Vergaderingen en deelnemers worden nooit verborgen.',
};
