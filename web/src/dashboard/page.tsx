/**
 * The dashboard page: period, zone and theme in the address; the figures (tables) first, the charts once
 * Plot has loaded. The same page printed is the council document: the common part, then one section per
 * zone in its colour, every label in French and Dutch (see dashboard.css).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Bilingual } from '../../../shared/reference/index.ts';
import { reference } from '../../../shared/reference/index.ts';
import type { ReportBody, ThemeFigures, ZoneFigures } from '../../../shared/report-body/schema.ts';
import type { Failure } from '../api.ts';
import type { Session } from '../auth/session.ts';
import type { LanguageProps } from '../components/layout.tsx';
import {
  type DashboardDictionary,
  dashboardDictionaries,
  dashboardFr,
  dashboardNl,
} from '../i18n/dashboard.ts';
import type { Language } from '../i18n/index.ts';
import { staffDictionaries } from '../i18n/staff.ts';
import { type ReportRunView, staffApi } from '../staff/api.ts';
import {
  canRunReports,
  canSeeAllZones,
  careZones,
  FailureNotice,
  formatDateTime,
  type Loadable,
  Loading,
  ScrollRegion,
  zonesOf,
} from '../staff/common.tsx';
import { StaffLayout, useStaffTitle } from '../staff/layout.tsx';
import { dashboardApi } from './api.ts';
import {
  barsOf,
  type Cell,
  chartsOfTheme,
  formatNumber,
  formatShare,
  formatSigned,
  type Headline,
  hasRest,
  headlineOf,
  type Matrix,
  type MatrixRow,
  type Measure,
  matrixOf,
  measures,
  PARTS,
  type Part,
  type PriorityChart,
  type Scope,
  scopeFromSearch,
  searchWithScope,
  type Trend,
  trendRows,
  yLabel,
} from './model.ts';

type Charts = typeof import('./charts.ts');

/** CSS pixels: the width of an A4 page's text at 96 dpi is about 700. */
const MAX_CHART_WIDTH = 700;
type T = DashboardDictionary;

const other = (lang: Language): Language => (lang === 'fr' ? 'nl' : 'fr');

/** Both languages of a dictionary text, for the bilingual print. */
const both = (f: (t: T, lang: Language) => string): Bilingual => ({
  fr: f(dashboardFr, 'fr'),
  nl: f(dashboardNl, 'nl'),
});

/** The chosen language on screen; in print the other follows ("Réunions / Vergaderingen"). */
const Bi = ({ lang, text }: { lang: Language; text: Bilingual }) => (
  <>
    {text[lang]}
    {text.fr !== text.nl && (
      <span class="print-only" lang={other(lang)}>
        {' / '}
        {text[other(lang)]}
      </span>
    )}
  </>
);

/** The suppression marker, the same as the workbook's, explained in the footnote. */
const Withheld = ({ lang }: { lang: Language }) => (
  <abbr class="withheld" title={dashboardDictionaries[lang].marker}>
    [c]
  </abbr>
);

const Count = ({ lang, value }: { lang: Language; value: number | null }) =>
  value === null ? <Withheld lang={lang} /> : formatNumber(lang, value);

export const periodLabel = (t: T, p: string) =>
  p.length === 4 ? t.yearLabel(p) : t.quarter(p.slice(0, 4), Number(p.slice(6)));

/** "Bassin" → the zone's colour as a swatch beside its (dark) name, never the text's colour. */
const Swatch = ({ colour }: { colour?: string }) =>
  colour ? <span class="swatch" aria-hidden="true" style={{ backgroundColor: `#${colour}` }} /> : null;

// --- headline figures -------------------------------------------------------------------------------

const HeadlineFigures = ({
  lang,
  figures,
  previousPeriod,
  idBase,
}: {
  lang: Language;
  figures: Headline;
  previousPeriod: string;
  idBase: string;
}) => {
  const t = dashboardDictionaries[lang];
  const items: [Measure, Bilingual, number | null, number | null, number | null][] = [
    [
      'meetings',
      both((d) => d.meetings),
      figures.meetings,
      figures.previous.meetings,
      figures.change.meetings,
    ],
    [
      'participants',
      both((d) => d.participants),
      figures.participants,
      figures.previous.participants,
      figures.change.participants,
    ],
    [
      'responses',
      both((d) => d.responses),
      figures.surveyResponses,
      figures.previous.surveyResponses,
      figures.change.surveyResponses,
    ],
  ];
  return (
    <dl class="headline">
      {items.map(([measure, label, value, previous, change]) => (
        <div class="kpi" key={measure} data-measure={measure} id={`${idBase}-${measure}`}>
          <dt>
            <Bi lang={lang} text={label} />
          </dt>
          <dd class="kpi-value">
            <Count lang={lang} value={value} />
          </dd>
          <dd class="kpi-change">
            <span class="visually-hidden">
              {t.change}
              {t.colon}
            </span>
            {change === null ? (
              <span class="muted">{t.notComparable}</span>
            ) : (
              <strong>{formatSigned(lang, change)}</strong>
            )}{' '}
            <span class="muted">
              ({previousPeriod}
              {t.colon}
              <Count lang={lang} value={previous} />)
            </span>
          </dd>
        </div>
      ))}
    </dl>
  );
};

// --- zone × theme table -----------------------------------------------------------------------------

const cellText = (lang: Language, c: Cell, m: Measure) =>
  m === 'responses' ? <Count lang={lang} value={c.responses} /> : formatNumber(lang, c[m]);

/**
 * A zone × theme table of some measures (meetings and participants; or the survey responses), zones in
 * rows with their colour, the region's totals last. One measure: one header row.
 */
const MatrixTable = ({
  lang,
  matrix,
  shown,
  titleId,
}: {
  lang: Language;
  matrix: Matrix;
  shown: Measure[];
  titleId: string;
}) => {
  const groups = [
    ...matrix.themes.map((th) => ({ id: th.theme, label: th.label })),
    ...(matrix.rows[0]?.total ? [{ id: 'total', label: both((d) => d.total) }] : []),
  ];
  const labels: Record<Measure, Bilingual> = {
    meetings: both((d) => d.meetings),
    participants: both((d) => d.participants),
    responses: both((d) => d.responsesShort),
  };
  const single = shown.length === 1;
  const cellsOf = (row: MatrixRow) => [
    ...row.cells.map((c, i) => ({ theme: matrix.themes[i]?.theme ?? '', c })),
    ...(row.total ? [{ theme: 'total', c: row.total }] : []),
  ];
  const line = (row: MatrixRow, total: boolean) => (
    <tr key={row.zone} data-zone={row.zone} class={total ? 'total-row' : undefined}>
      <th scope="row">
        <Swatch {...(row.colour ? { colour: row.colour } : {})} />
        <Bi lang={lang} text={row.label} />
      </th>
      {cellsOf(row).flatMap(({ theme, c }) =>
        shown.map((m) => (
          <td key={`${theme}-${m}`} class="num" data-theme={theme} data-measure={m}>
            {cellText(lang, c, m)}
          </td>
        )),
      )}
    </tr>
  );
  return (
    <ScrollRegion
      label={single ? dashboardDictionaries[lang].responsesMatrix : dashboardDictionaries[lang].matrix}
    >
      <table
        class={`matrix${single ? ' matrix-single' : ''}`}
        aria-labelledby={titleId}
        data-measures={shown.join(' ')}
      >
        <colgroup span={1} />
        {groups.map((g) => (
          <colgroup key={g.id} span={shown.length} />
        ))}
        <thead>
          <tr>
            <th scope="col" rowSpan={single ? 1 : 2}>
              <Bi lang={lang} text={both((d) => d.zone)} />
            </th>
            {groups.map((g) => (
              <th
                key={g.id}
                scope={single ? 'col' : 'colgroup'}
                colSpan={shown.length}
                class={single ? 'num' : 'group-head'}
              >
                <Bi lang={lang} text={g.label} />
              </th>
            ))}
          </tr>
          {!single && (
            <tr class="matrix-sub">
              {groups.map((g) =>
                shown.map((m) => (
                  <th key={`${g.id}-${m}`} scope="col" class="num">
                    <Bi lang={lang} text={labels[m]} />
                  </th>
                )),
              )}
            </tr>
          )}
        </thead>
        <tbody>{matrix.rows.map((r) => line(r, false))}</tbody>
        {matrix.totals && <tfoot>{line(matrix.totals, true)}</tfoot>}
      </table>
    </ScrollRegion>
  );
};

// --- charts -----------------------------------------------------------------------------------------

/**
 * Renders an SVG made by `draw` into a box Preact leaves empty; redrawn when its inputs change or the box
 * changes width (a phone turned, a window resized), so the text stays at its size.
 */
const usePlot = (draw: ((width: number) => SVGSVGElement) | undefined, deps: unknown[]) => {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const box = ref.current;
    if (!box || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(Math.round(box.clientWidth / 16) * 16));
    observer.observe(box);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    const box = ref.current;
    if (!box || !draw) return;
    // At most about an A4 page's width, so a printed chart is never scaled down (its text stays legible).
    box.replaceChildren(draw(Math.min(MAX_CHART_WIDTH, Math.max(280, Math.floor(box.clientWidth || 600)))));
    return () => box.replaceChildren();
  }, [...deps, width]);
  return ref;
};

const ChartState = ({ lang, charts }: { lang: Language; charts: Loadable<Charts> }) => {
  const t = dashboardDictionaries[lang];
  if (charts.kind === 'loading')
    return (
      <p class="hint screen-only" role="status">
        {t.loadingCharts}
      </p>
    );
  if (charts.kind === 'failed') return <p class="hint screen-only">{t.chartsFailed}</p>;
  return null;
};

/** The table-view toggle: the table is hidden on screen until asked for, always printed. */
const TableToggle = ({ lang, id, children }: { lang: Language; id: string; children: ComponentChildren }) => {
  const t = dashboardDictionaries[lang];
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        class="button-link table-toggle screen-only"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        {open ? t.hideTable : t.showTable}
      </button>
      <div id={id} class="chart-table" hidden={!open}>
        {children}
      </div>
    </>
  );
};

/** The texts' name of a part: the rest of a meeting vote is the points counted on the board. */
type PartName = 'first' | 'second' | 'third' | 'rest' | 'board';
const partName = (part: Part, chart: PriorityChart): PartName =>
  part === 'rest' && chart.kind === 'votes' ? 'board' : part;

/** The parts a chart shows: the three choices, and the rest only where some option has any. */
const shownParts = (chart: PriorityChart): Part[] => PARTS.filter((p) => p !== 'rest' || hasRest(chart));

const Legend = ({ lang, chart }: { lang: Language; chart: PriorityChart }) => (
  <ul class="legend" aria-hidden="true">
    {shownParts(chart).map((part) => (
      <li key={part}>
        <span class={`legend-key legend-${part}`} />
        <Bi lang={lang} text={both((d) => d[`${partName(part, chart)}Part`])} />
      </li>
    ))}
  </ul>
);

const chartTitle = (chart: PriorityChart, zone: Bilingual, theme: Bilingual): Bilingual =>
  both((d, l) => {
    const what =
      chart.kind === 'survey' && chart.question ? d.surveyRanking(chart.question[l]) : d.meetingVotes;
    return d.chartName(what, zone[l], theme[l]);
  });

const PriorityFigure = ({
  lang,
  chart,
  zone,
  theme,
  charts,
  idBase,
}: {
  lang: Language;
  chart: PriorityChart;
  zone: Bilingual;
  theme: Bilingual;
  charts: Loadable<Charts>;
  idBase: string;
}) => {
  const t = dashboardDictionaries[lang];
  const title = chartTitle(chart, zone, theme);
  const id = `${idBase}-${chart.key}`;
  const parts = shownParts(chart);
  const plot = charts.kind === 'ready' ? charts.value : undefined;
  const ref = usePlot(
    plot && !chart.suppressed
      ? (width) =>
          plot.priorityChart({
            name: title[lang],
            describedBy: `${id}-desc`,
            width,
            bars: barsOf(chart, lang),
            labels: chart.rows.map((r) => yLabel(r, lang)),
            barLabel: (b) =>
              t.barLabel(
                chart.rows.find((r) => r.option === b.option)?.label[lang] ?? b.option,
                zone[lang],
                t[`${partName(b.part, chart)}PartOf`],
                b.value,
                b.total,
                b.rank === null ? t.noRank : String(b.rank),
              ),
          })
      : undefined,
    [plot, lang, chart],
  );
  return (
    <figure class="chart" id={id} data-chart={chart.key}>
      <figcaption class="chart-title">
        <Bi lang={lang} text={title} />
      </figcaption>
      <p id={`${id}-desc`} class="visually-hidden">
        {t.chartDescription}
      </p>
      {chart.suppressed ? (
        <p class="withheld-note">
          <Bi lang={lang} text={both((d) => d.suppressedChart)} />
        </p>
      ) : (
        <>
          <Legend lang={lang} chart={chart} />
          <ChartState lang={lang} charts={charts} />
          <div class="chart-plot" ref={ref} />
        </>
      )}
      <TableToggle lang={lang} id={`${id}-table`}>
        <ScrollRegion label={title[lang]}>
          <table class="priority-table">
            <caption class="visually-hidden">{title[lang]}</caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  <Bi lang={lang} text={both((d) => d.rank)} />
                </th>
                <th scope="col">
                  <Bi lang={lang} text={both((d) => d.option)} />
                </th>
                <th scope="col" class="num">
                  <Bi lang={lang} text={both((d) => d.points)} />
                </th>
                {parts.map((part) => (
                  <th key={part} scope="col" class="num">
                    <Bi lang={lang} text={both((d) => d[`${partName(part, chart)}PartShort`])} />
                  </th>
                ))}
                <th scope="col" class="num">
                  <Bi lang={lang} text={both((d) => d.share)} />
                </th>
              </tr>
            </thead>
            <tbody>
              {chart.rows.map((r) => (
                <tr key={r.option} data-option={r.option}>
                  <td class="num">
                    {chart.suppressed ? <Withheld lang={lang} /> : r.rank === null ? '–' : r.rank}
                  </td>
                  <th scope="row">
                    {r.label[lang]}
                    {r.label.fr !== r.label.nl && (
                      <span class="other-lang" lang={other(lang)}>
                        {r.label[other(lang)]}
                      </span>
                    )}
                  </th>
                  <td class="num" data-measure="points">
                    <Count lang={lang} value={r.points} />
                  </td>
                  {parts.map((part) => (
                    <td key={part} class="num" data-part={part}>
                      <Count lang={lang} value={r.parts === null ? null : r.parts[part]} />
                    </td>
                  ))}
                  <td class="num">
                    {r.share === null ? (
                      r.points === null ? (
                        <Withheld lang={lang} />
                      ) : (
                        '–'
                      )
                    ) : (
                      formatShare(lang, r.share)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </TableToggle>
    </figure>
  );
};

const ThemePriorities = ({
  lang,
  theme,
  zone,
  charts,
  idBase,
  level,
}: {
  lang: Language;
  theme: ThemeFigures;
  zone: Bilingual;
  charts: Loadable<Charts>;
  idBase: string;
  level: 3 | 4;
}) => {
  const list = chartsOfTheme(theme);
  const Heading = level === 3 ? 'h3' : 'h4';
  return (
    <div class="theme-priorities" data-theme={theme.theme}>
      <Heading>
        <Bi lang={lang} text={theme.label} />
      </Heading>
      {list.length === 0 ? (
        <p class="muted">
          <Bi lang={lang} text={both((d) => d.noRankings)} />
        </p>
      ) : (
        <div class="chart-grid">
          {list.map((c) => (
            <PriorityFigure
              key={c.key}
              lang={lang}
              chart={c}
              zone={zone}
              theme={theme.label}
              charts={charts}
              idBase={`${idBase}-${theme.theme}`}
            />
          ))}
        </div>
      )}
    </div>
  );
};

const TrendFigure = ({
  lang,
  trend,
  measure,
  charts,
}: {
  lang: Language;
  trend: Trend;
  measure: Measure;
  charts: Loadable<Charts>;
}) => {
  const t = dashboardDictionaries[lang];
  const label = both((d) => d[measure]);
  const title = both((d) => d.trendChart(d[measure]));
  const id = `trend-${measure}`;
  const rows = trendRows(trend, measure);
  const plot = charts.kind === 'ready' ? charts.value : undefined;
  const ref = usePlot(
    plot
      ? (width) =>
          plot.trendChart({
            name: title[lang],
            describedBy: `${id}-desc`,
            width,
            quarters: trend.quarters,
            series: trend.series.map((s, i) => ({
              zone: s.zone,
              label: s.label[lang],
              colour: s.colour,
              values: rows.map((r) => r.values[i] ?? null),
            })),
            measureLabel: label[lang],
            pointLabel: (zone, quarter, value) =>
              t.pointLabel(zone, quarter, label[lang], formatNumber(lang, value)),
          })
      : undefined,
    [plot, lang, trend],
  );
  return (
    <figure class="chart" id={id} data-chart={id}>
      <figcaption class="chart-title">
        <Bi lang={lang} text={title} />
      </figcaption>
      <p id={`${id}-desc`} class="visually-hidden">
        {t.trendDescription(label[lang])}
      </p>
      <ul class="legend" aria-hidden="true">
        {trend.series.map((s) => (
          <li key={s.zone}>
            <Swatch colour={s.colour} />
            <Bi lang={lang} text={s.label} />
          </li>
        ))}
      </ul>
      <ChartState lang={lang} charts={charts} />
      <div class="chart-plot" ref={ref} />
      <TableToggle lang={lang} id={`${id}-table`}>
        <ScrollRegion label={title[lang]}>
          <table class="trend-table">
            <caption class="visually-hidden">{title[lang]}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <Bi lang={lang} text={both((d) => d.quarterCol)} />
                </th>
                {trend.series.map((s) => (
                  <th key={s.zone} scope="col" class="num">
                    <Bi lang={lang} text={s.label} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.quarter} data-quarter={r.quarter}>
                  <th scope="row">{r.quarter}</th>
                  {r.values.map((v, i) => (
                    <td key={trend.series[i]?.zone} class="num" data-zone={trend.series[i]?.zone}>
                      <Count lang={lang} value={v} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </TableToggle>
    </figure>
  );
};

// --- downloads ---------------------------------------------------------------------------------------

/** The run whose files are offered: the newest when it succeeded, else the last one that did. */
const succeeded = (status: { latest: ReportRunView; latestSuccessful?: ReportRunView }) =>
  status.latest.status === 'succeeded' ? status.latest : status.latestSuccessful;

const Downloads = ({ lang, period }: { lang: Language; period: string }) => {
  const t = dashboardDictionaries[lang];
  const s = staffDictionaries[lang];
  const [run, setRun] = useState<Loadable<ReportRunView | undefined>>({ kind: 'loading' });
  const [linkFailed, setLinkFailed] = useState(false);
  useEffect(() => {
    let live = true;
    setRun({ kind: 'loading' });
    staffApi.report(period).then((r) => {
      if (!live) return;
      if (r.ok) setRun({ kind: 'ready', value: succeeded(r.value) });
      else if (r.kind === 'not-found') setRun({ kind: 'ready', value: undefined });
      else setRun({ kind: 'failed', failure: r });
    });
    return () => {
      live = false;
    };
  }, [period]);
  const download = async (runId: string, name: string) => {
    setLinkFailed(false);
    // Links expire after a few minutes: a fresh one on each click.
    const r = await staffApi.report(period);
    const good = r.ok ? succeeded(r.value) : undefined;
    const file = good?.runId === runId ? good.downloads?.find((f) => f.name === name) : undefined;
    if (!file) {
      setLinkFailed(true);
      return;
    }
    location.assign(file.url);
  };
  return (
    <section class="downloads screen-only" aria-labelledby="downloads-title">
      <h2 id="downloads-title">{t.downloads}</h2>
      {run.kind === 'loading' && <Loading lang={lang} />}
      {run.kind === 'failed' && <FailureNotice failure={run.failure} lang={lang} />}
      {run.kind === 'ready' && !run.value && (
        <p>
          {t.noReport} <a href="/staff/reports">{t.startReport}</a>
        </p>
      )}
      {run.kind === 'ready' && run.value && (
        <>
          <p class="muted">{t.reportOf(formatDateTime(lang, run.value.finishedAt ?? run.value.createdAt))}</p>
          <ul class="download-list">
            {(run.value.files ?? []).map((f) => (
              <li key={f.name}>
                <button
                  type="button"
                  class="button button-secondary"
                  onClick={() => run.value && void download(run.value.runId, f.name)}
                >
                  {s.download(f.name)}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {linkFailed && (
        <p role="alert" class="notice-warning">
          {s.linkFailed}
        </p>
      )}
    </section>
  );
};

// --- the page ----------------------------------------------------------------------------------------

const zoneSectionThemes = (z: ZoneFigures, scope: Scope) =>
  z.themes.filter((th) => !scope.theme || th.theme === scope.theme);

const ZoneSection = ({
  lang,
  zone,
  body,
  scope,
  charts,
}: {
  lang: Language;
  zone: ZoneFigures;
  body: ReportBody;
  scope: Scope;
  charts: Loadable<Charts>;
}) => {
  const figures = headlineOf(body, { ...scope, zone: zone.zone });
  return (
    <section
      class="zone-section"
      data-zone={zone.zone}
      aria-labelledby={`zone-${zone.zone}`}
      style={{ '--zone': `#${zone.colour}` }}
    >
      <h2 id={`zone-${zone.zone}`} class="zone-title">
        <Swatch colour={zone.colour} />
        <Bi lang={lang} text={zone.label} />
      </h2>
      {/* With one zone chosen, its figures already head the page. */}
      {figures && !scope.zone && (
        <HeadlineFigures
          lang={lang}
          figures={figures}
          previousPeriod={body.previousPeriod}
          idBase={`kpi-${zone.zone}`}
        />
      )}
      {zoneSectionThemes(zone, scope).map((th) => (
        <ThemePriorities
          key={th.theme}
          lang={lang}
          theme={th}
          zone={zone.label}
          charts={charts}
          idBase={`zone-${zone.zone}`}
          level={3}
        />
      ))}
    </section>
  );
};

/** The marker explained once, in both languages (as in the workbook). */
const Footnote = () => (
  <div class="footnote" id="footnote-withheld">
    <p lang="fr">{dashboardFr.footnote}</p>
    <p lang="nl">{dashboardNl.footnote}</p>
  </div>
);

/** The page footer of the printed document, as @page margin boxes (a constructed sheet: no inline style). */
const usePrintFooter = (text: string | undefined) => {
  useEffect(() => {
    if (!text || typeof CSSStyleSheet === 'undefined' || !('adoptedStyleSheets' in document)) return;
    const sheet = new CSSStyleSheet();
    const quoted = JSON.stringify(text);
    sheet.replaceSync(
      `@page { @bottom-left { content: ${quoted}; font: 8pt system-ui, sans-serif; color: #333; } @bottom-right { content: counter(page) " / " counter(pages); font: 8pt system-ui, sans-serif; color: #333; } }`,
    );
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }, [text]);
};

const Report = ({
  lang,
  body,
  trend,
  scope,
  charts,
}: {
  lang: Language;
  body: ReportBody;
  trend: Loadable<Trend>;
  scope: Scope;
  charts: Loadable<Charts>;
}) => {
  const t = dashboardDictionaries[lang];
  const headline = headlineOf(body, scope);
  const matrix = matrixOf(body, scope);
  const scopeZone = scope.zone ? body.zones.find((z) => z.zone === scope.zone) : undefined;
  const generated = both((d, l) => d.generated(formatDateTime(l, body.generatedAt)));
  usePrintFooter(
    `${dashboardFr.footer(body.period, formatDateTime('fr', body.generatedAt))} — ${dashboardNl.footer(body.period, formatDateTime('nl', body.generatedAt))}`,
  );
  const regionLabel = both((d) => d.region);
  return (
    <div class="report" data-period={body.period} data-theme={body.scope.theme ?? ''}>
      <section class="common" aria-labelledby="headline-title">
        <p class="print-only print-title">
          {dashboardFr.title} · {periodLabel(dashboardFr, body.period)} / {dashboardNl.title} ·{' '}
          {periodLabel(dashboardNl, body.period)}
        </p>
        <p class="muted generated">
          <Bi lang={lang} text={generated} />
        </p>
        {!body.provenance.hasData && (
          <p class="notice-warning">
            <Bi lang={lang} text={both((d) => d.noData)} />
          </p>
        )}
        <h2 id="headline-title">
          <Bi lang={lang} text={both((d, l) => d.headlineOf(scopeZone ? scopeZone.label[l] : d.region))} />
        </h2>
        {headline && (
          <HeadlineFigures lang={lang} figures={headline} previousPeriod={body.previousPeriod} idBase="kpi" />
        )}
        <h2 id="matrix-title">
          <Bi lang={lang} text={both((d) => d.matrix)} />
        </h2>
        <MatrixTable
          lang={lang}
          matrix={matrix}
          shown={['meetings', 'participants']}
          titleId="matrix-title"
        />
        <h2 id="responses-title">
          <Bi lang={lang} text={both((d) => d.responsesMatrix)} />
        </h2>
        <MatrixTable lang={lang} matrix={matrix} shown={['responses']} titleId="responses-title" />
        <Footnote />
        {!scope.zone && (
          <div class="region-priorities">
            <h2>
              <Bi lang={lang} text={both((d) => d.prioritiesOf(d.region))} />
            </h2>
            {body.region.themes.map((th) => (
              <ThemePriorities
                key={th.theme}
                lang={lang}
                theme={th}
                zone={regionLabel}
                charts={charts}
                idBase="region"
                level={3}
              />
            ))}
          </div>
        )}
        <div class="trends">
          <h2>
            <Bi lang={lang} text={both((d) => d.trends)} />
          </h2>
          {trend.kind === 'loading' && <Loading lang={lang} />}
          {trend.kind === 'failed' && <FailureNotice failure={trend.failure} lang={lang} />}
          {trend.kind === 'ready' && (
            <div class="chart-grid trend-grid">
              {measures.map((m) => (
                <TrendFigure key={m} lang={lang} trend={trend.value} measure={m} charts={charts} />
              ))}
            </div>
          )}
        </div>
      </section>
      <h2 class="visually-hidden">{t.zoneSections}</h2>
      {body.zones
        .filter((z) => !scope.zone || z.zone === scope.zone)
        .map((z) => (
          <ZoneSection key={z.zone} lang={lang} zone={z} body={body} scope={scope} charts={charts} />
        ))}
    </div>
  );
};

export interface DashboardProps extends LanguageProps {
  session: Session;
}

const scopeOf = (body: ReportBody): Scope => ({
  period: body.period,
  ...(body.scope.zone ? { zone: body.scope.zone } : {}),
  ...(body.scope.theme ? { theme: body.scope.theme } : {}),
});

/** A coordinator's scope is their zone, whatever the address says. */
const effectiveScope = (scope: Scope, session: Session): Scope => {
  if (canSeeAllZones(session)) return scope;
  const own = zonesOf(session);
  return { ...scope, zone: scope.zone && own.includes(scope.zone) ? scope.zone : own[0] };
};

/** A loader of one API answer into a Loadable, re-run when `deps` change; skipped while `ready` is false. */
const useLoad = <V,>(
  load: () => Promise<{ ok: true; value: V } | ({ ok: false } & Failure)>,
  ready: boolean,
  deps: unknown[],
): Loadable<V> => {
  const [state, setState] = useState<Loadable<V>>({ kind: 'loading' });
  useEffect(() => {
    if (!ready) return;
    let live = true;
    setState({ kind: 'loading' });
    load().then((r) => {
      if (live) setState(r.ok ? { kind: 'ready', value: r.value } : { kind: 'failed', failure: r });
    });
    return () => {
      live = false;
    };
  }, [ready, ...deps]);
  return state;
};

const Filters = ({
  lang,
  session,
  scope,
  period,
  periodOptions,
  go,
}: {
  lang: Language;
  session: Session;
  scope: Scope;
  period: string | undefined;
  periodOptions: string[];
  go: (next: Scope) => void;
}) => {
  const t = dashboardDictionaries[lang];
  const all = canSeeAllZones(session);
  const own = zonesOf(session);
  const zones = careZones.filter((z) => all || own.includes(z.id));
  const set = (key: 'zone' | 'theme', value: string) => {
    const { [key]: _, ...rest } = scope;
    go(value ? { ...rest, [key]: value } : rest);
  };
  return (
    <form
      class="filters dashboard-filters screen-only"
      aria-label={t.filtersLabel}
      onSubmit={(e) => e.preventDefault()}
    >
      <div class="field">
        <label for="dash-period">{t.periodPicker}</label>
        <select
          id="dash-period"
          value={period ?? ''}
          disabled={periodOptions.length === 0}
          onChange={(e) => go({ ...scope, period: e.currentTarget.value })}
        >
          {periodOptions.map((p) => (
            <option key={p} value={p}>
              {p.length === 4 ? periodLabel(t, p) : `${periodLabel(t, p)} (${p})`}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="dash-zone">{t.zone}</label>
        <select
          id="dash-zone"
          value={scope.zone ?? ''}
          disabled={!all && zones.length < 2}
          onChange={(e) => set('zone', e.currentTarget.value)}
        >
          {all && <option value="">{t.allZones}</option>}
          {zones.map((z) => (
            <option key={z.id} value={z.id}>
              {z.label[lang]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="dash-theme">{t.theme}</label>
        <select
          id="dash-theme"
          value={scope.theme ?? ''}
          onChange={(e) => set('theme', e.currentTarget.value)}
        >
          <option value="">{t.allThemes}</option>
          {reference.themes.map((th) => (
            <option key={th.id} value={th.id}>
              {th.label[lang]}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
};

/** The scope in the address, kept in step with the back and forward buttons. */
const useUrlScope = (): [Scope, (next: Scope, replace?: boolean) => void] => {
  const [scope, setScope] = useState<Scope>(() => scopeFromSearch(location.search));
  useEffect(() => {
    const onPop = () => setScope(scopeFromSearch(location.search));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const go = (next: Scope, replace = false) => {
    const url = `${location.pathname}${searchWithScope(location.search, next)}`;
    if (replace) history.replaceState(history.state, '', url);
    else history.pushState(history.state, '', url);
    setScope(next);
  };
  return [scope, go];
};

export const Dashboard = ({ lang, setLang, session }: DashboardProps) => {
  const t = dashboardDictionaries[lang];
  useStaffTitle(t.title, lang);
  const [urlScope, go] = useUrlScope();
  const [tick, setTick] = useState(0);
  const [charts, setCharts] = useState<Loadable<Charts>>({ kind: 'loading' });
  const scope = effectiveScope(urlScope, session);
  const periods = useLoad(() => dashboardApi.periods(), true, [tick]);
  const known = periods.kind === 'ready' ? periods.value.periods : [];
  const period = scope.period ?? known[0];
  const figures = useLoad(() => dashboardApi.figures(period ?? '', scope), !!period, [
    period,
    scope.zone,
    scope.theme,
    tick,
  ]);
  const trend = useLoad(() => dashboardApi.trend(period ?? '', scope.zone), !!period, [
    period,
    scope.zone,
    tick,
  ]);

  // The newest period by default, and a coordinator's own zone, written into the address so a link or a
  // reload shows what is on screen.
  useEffect(() => {
    const zoneFixed = scope.zone !== urlScope.zone;
    if ((!urlScope.period && period) || zoneFixed)
      go({ ...urlScope, ...(period ? { period } : {}), ...(scope.zone ? { zone: scope.zone } : {}) }, true);
  }, [period, urlScope, scope.zone]);

  // Plot is fetched once the figures are on screen: the numbers never wait for the charts.
  const figuresReady = figures.kind === 'ready';
  useEffect(() => {
    if (!figuresReady || charts.kind === 'ready') return;
    import('./charts.ts').then(
      (m) => setCharts({ kind: 'ready', value: m }),
      () => setCharts({ kind: 'failed', failure: { kind: 'unreachable' } }),
    );
  }, [figuresReady]);

  const periodOptions = period && !known.includes(period) ? [period, ...known] : known;
  const retry = () => setTick((n) => n + 1);
  return (
    <StaffLayout
      lang={lang}
      setLang={setLang}
      section="dashboard"
      who={session.groups.join(', ') || session.subject}
    >
      <div class="title-row screen-only">
        <h1>
          {t.title}
          {period && <span class="title-period"> · {periodLabel(t, period)}</span>}
        </h1>
        {figuresReady && (
          <button type="button" class="button button-secondary" onClick={() => print()}>
            {t.print}
          </button>
        )}
      </div>
      <Filters
        lang={lang}
        session={session}
        scope={{ ...urlScope, ...(scope.zone ? { zone: scope.zone } : {}) }}
        period={period}
        periodOptions={periodOptions}
        go={go}
      />
      {periods.kind === 'failed' && <FailureNotice failure={periods.failure} lang={lang} retry={retry} />}
      {periods.kind === 'ready' && !period && <p>{t.noPeriods}</p>}
      {period && canRunReports(session) && <Downloads lang={lang} period={period} />}
      {figures.kind === 'loading' && period && <Loading lang={lang} />}
      {figures.kind === 'failed' && <FailureNotice failure={figures.failure} lang={lang} retry={retry} />}
      {figuresReady && (
        // The scope the figures were read for (the address may already ask for the next one).
        <Report
          lang={lang}
          body={figures.value}
          trend={trend}
          scope={scopeOf(figures.value)}
          charts={charts}
        />
      )}
    </StaffLayout>
  );
};
