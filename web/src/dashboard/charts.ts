/**
 * The dashboard's SVG charts, drawn by Observable Plot. Loaded with a dynamic import once the figures are
 * on screen (Plot and its d3 parts are most of the page's JavaScript). Each chart is made reachable by
 * screen readers: a name and a description on the SVG, a role and a label on every bar and point,
 * everything else (axes, value labels) hidden from them; the table beside it has the same numbers.
 */
import { axisX, axisY, barX, dot, line, plot, ruleX, text } from '@observablehq/plot';
import { type Bar, PARTS } from './model.ts';

export interface Accessible {
  /** The chart's accessible name (names its zone). */
  name: string;
  /** id of the element holding the description. */
  describedBy: string;
}

/**
 * Plot writes a `<style>` into the SVG, which the content security policy (no inline style) refuses:
 * it is removed before the SVG joins the page, its few rules are in dashboard.css.
 */
const finish = (svg: SVGSVGElement | HTMLElement, a: Accessible): SVGSVGElement => {
  const root = (svg instanceof SVGSVGElement ? svg : svg.querySelector('svg')) as SVGSVGElement;
  for (const style of root.querySelectorAll('style')) style.remove();
  root.removeAttribute('aria-description');
  root.setAttribute('role', 'graphics-document');
  root.setAttribute('aria-label', a.name);
  root.setAttribute('aria-describedby', a.describedBy);
  root.classList.add('chart-svg');
  for (const g of root.querySelectorAll('g')) {
    const labelled = g.querySelectorAll(':scope > [aria-label]').length > 0;
    if (g.hasAttribute('data-marks') && labelled) {
      // Plot names the group after the mark type ("bar"), in English: a plain group instead.
      g.setAttribute('role', 'group');
      g.removeAttribute('aria-label');
    } else if (g.parentNode === root) {
      // Axes, grid and value labels: the bars and points carry the figures.
      g.setAttribute('aria-hidden', 'true');
      g.removeAttribute('aria-label');
    }
  }
  for (const mark of root.querySelectorAll('[data-marks] > [aria-label]'))
    mark.setAttribute('role', 'graphics-symbol');
  return root;
};

/** Marks the group of the mark whose elements are the figures (bars, points): Plot labels it by mark type. */
const tagMarks = (root: SVGSVGElement | HTMLElement, markType: 'bar' | 'dot') => {
  for (const g of root.querySelectorAll(`g[aria-label="${markType}"]`)) g.setAttribute('data-marks', '');
};

export interface PriorityChartSpec extends Accessible {
  bars: Bar[];
  /** Every option's y label in rank order (options without a bar keep their line). */
  labels: string[];
  barLabel: (bar: Bar) => string;
  width: number;
}

/** A longest-label estimate for the left margin (the system font at 12 px is about 6.5 px a character). */
const marginFor = (labels: string[], max: number) =>
  Math.min(max, 12 + 6.5 * Math.max(4, ...labels.map((l) => l.length)));

export const priorityChart = (spec: PriorityChartSpec): SVGSVGElement => {
  const marginLeft = marginFor(spec.labels, Math.max(120, spec.width * 0.45));
  const totals = new Map<string, number>();
  for (const b of spec.bars) totals.set(b.y, b.total);
  const ends = [...totals].map(([y, total]) => ({ y, total }));
  const svg = plot({
    width: spec.width,
    height: 28 + spec.labels.length * 22,
    marginLeft,
    marginRight: 36,
    marginTop: 22,
    marginBottom: 6,
    style: { fontSize: '12px' },
    // The axis is named by the legend (points): a label up there would run into the last tick.
    x: { label: null, grid: true, nice: true },
    y: { domain: spec.labels, label: null, padding: 0.2 },
    // The same colours as the legend keys (dashboard.css): darker for the earlier choice, grey for the rest.
    color: { domain: [...PARTS], range: ['#005a87', '#3d8fc6', '#9ccbe8', '#b0b0b0'] },
    marks: [
      axisX({ anchor: 'top', ticks: Math.max(2, Math.floor(spec.width / 90)), tickSize: 0 }),
      // lineWidth is in ems (12 px), measured by Plot's estimate of the glyphs: kept a little short.
      axisY({ tickSize: 0, textOverflow: 'ellipsis', lineWidth: (marginLeft - 16) / 13 }),
      barX(spec.bars, {
        x: 'value',
        y: 'y',
        fill: 'part',
        stroke: 'white',
        strokeWidth: 1,
        ariaLabel: spec.barLabel,
        title: spec.barLabel,
      }),
      text(ends, {
        x: 'total',
        y: 'y',
        text: (d: { total: number }) => String(d.total),
        dx: 4,
        textAnchor: 'start',
      }),
      ruleX([0]),
    ],
  });
  tagMarks(svg, 'bar');
  return finish(svg, spec);
};

export interface TrendChartSpec extends Accessible {
  quarters: string[];
  series: { zone: string; label: string; colour: string; values: (number | null)[] }[];
  measureLabel: string;
  pointLabel: (zone: string, quarter: string, value: number) => string;
  width: number;
}

export const trendChart = (spec: TrendChartSpec): SVGSVGElement => {
  const points = spec.series.flatMap((s) =>
    spec.quarters.map((quarter, i) => ({ zone: s.label, quarter, value: s.values[i] ?? null })),
  );
  const max = Math.max(0, ...points.map((p) => p.value ?? 0));
  // Small counts (meetings) get whole-number ticks only.
  const ticks = max <= 8 ? Array.from({ length: max + 1 }, (_, i) => i) : undefined;
  const narrow = spec.width < 520;
  const svg = plot({
    width: spec.width,
    height: narrow ? 260 : 240,
    marginLeft: 44,
    marginRight: 16,
    // Slanted quarter labels on a narrow chart need the room below.
    marginBottom: narrow ? 52 : 30,
    style: { fontSize: '12px' },
    x: { domain: spec.quarters, type: 'point', label: null, padding: 0.3 },
    y: {
      label: spec.measureLabel,
      grid: true,
      nice: true,
      zero: true,
      ...(ticks ? { ticks, domain: [0, Math.max(1, max)] } : {}),
    },
    color: { domain: spec.series.map((s) => s.label), range: spec.series.map((s) => `#${s.colour}`) },
    marks: [
      axisX({ tickSize: 0, tickRotate: narrow ? -35 : 0 }),
      axisY({ tickSize: 0, ...(ticks ? { ticks, tickFormat: (d: number) => String(d) } : {}) }),
      // A withheld figure leaves a gap in its line (NaN is undefined for Plot) and has no point.
      line(points, {
        x: 'quarter',
        y: (d: { value: number | null }) => d.value ?? Number.NaN,
        z: 'zone',
        stroke: 'zone',
        strokeWidth: 2.5,
      }),
      dot(
        points.filter((p) => p.value !== null),
        {
          x: 'quarter',
          y: 'value',
          fill: 'zone',
          stroke: 'white',
          r: 4,
          ariaLabel: (d: { zone: string; quarter: string; value: number }) =>
            spec.pointLabel(d.zone, d.quarter, d.value),
          title: (d: { zone: string; quarter: string; value: number }) =>
            spec.pointLabel(d.zone, d.quarter, d.value),
        },
      ),
    ],
  });
  tagMarks(svg, 'dot');
  return finish(svg, spec);
};
