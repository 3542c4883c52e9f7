import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as getReport } from '../../functions/report-get.ts';
import { handler as startReport } from '../../functions/report-start.ts';
import { handler as listReports } from '../../functions/reports-list.ts';
import { freePort } from '../../local/emulators.ts';
import { rebuildAggregates } from '../../shared/aggregates/index.ts';
import { loadConfig } from '../../shared/config.ts';
import { createMeeting } from '../../shared/meetings/index.ts';
import { reportBodySchema } from '../../shared/report-body/schema.ts';
import { sha256Of } from '../../shared/reports/files.ts';
import { executeRun } from '../../shared/reports/generate.ts';
import { runReportsInProcess, settleLocalRuns } from '../../shared/reports/index.ts';
import { SHEETS } from '../../shared/reports/labels.ts';
import { submitResponse } from '../../shared/responses/index.ts';
import { createClients, setClients } from '../../shared/store/clients.ts';
import { publishSurvey } from '../../shared/surveys/index.ts';
import meeting from '../fixtures/meeting-mental-health.json' with { type: 'json' };
import survey from '../fixtures/survey-wellbeing.json' with { type: 'json' };
import { claimsFor, httpEvent, lambdaContext } from '../support/events.ts';
import { asMeeting, asResponse, asSurvey } from '../support/inputs.ts';
import { tableItems } from '../support/storage.ts';

const staff = { subject: 'test-staff', groups: ['staff'] };
const parse = (res: { body?: string }) => JSON.parse(res.body ?? 'null');
const start = (body: unknown, claims: Record<string, unknown> | null = claimsFor('rar')) =>
  startReport(
    httpEvent({ method: 'POST', path: '/api/reports', body, ...(claims ? { claims } : {}) }),
    lambdaContext(),
  );
const status = (period: string, claims = claimsFor('staff')) =>
  getReport(
    httpEvent({
      method: 'GET',
      path: `/api/reports/${period}`,
      routePath: '/api/reports/{period}',
      pathParameters: { period },
      claims,
    }),
    lambdaContext(),
  );

const INJECTION = '=HYPERLINK("http://evil.example","click")';

interface Download {
  name: string;
  sha256: string;
  url: string;
}
const download = async (d: Download) => Buffer.from(await (await fetch(d.url)).arrayBuffer());

beforeAll(async () => {
  runReportsInProcess(executeRun);
  await publishSurvey(asSurvey(survey), staff, new Date('2025-01-01T00:00:00Z'));
  const at = new Date('2025-05-10T10:00:00Z');
  for (let i = 0; i < 6; i++)
    await submitResponse(
      survey.surveyId,
      asResponse({
        submissionId: randomUUID(),
        language: i % 2 ? 'fr' : 'nl',
        answers: {
          zone: 'north',
          priorities: ['accessibility', 'training'],
          comment: INJECTION.slice(0, 20),
        },
      }),
      at,
    );
  await createMeeting(
    asMeeting({
      ...meeting,
      date: '2025-05-06',
      venue: INJECTION,
      findings: ['+cmd|calc', '@SUM(1)'],
      actions: [{ heading: '-2+3', text: 'ok' }],
    }),
    staff,
  );
  await rebuildAggregates('2025-Q2');
});

afterEach(() => {
  setClients(createClients(loadConfig()));
});

describe('report runs', () => {
  it('generates the workbook, the JSON and the manifest, with download links of at most 15 minutes', async () => {
    const res = await start({ period: '2025-Q2' });
    expect(res.statusCode).toBe(202);
    const { runId } = parse(res);
    await settleLocalRuns();

    const body = parse(await status('2025-Q2'));
    expect(body.latest).toMatchObject({ runId, status: 'succeeded', linksExpireInSeconds: 900 });
    const downloads: Download[] = body.latest.downloads;
    expect(downloads.map((d) => d.name)).toEqual(['rar-2025-Q2.xlsx', 'rar-2025-Q2.json', 'manifest.json']);
    for (const d of downloads) {
      expect(new URL(d.url).searchParams.get('X-Amz-Expires')).toBe('900');
      expect([d.name, sha256Of(await download(d))]).toEqual([d.name, d.sha256]);
    }

    const [xlsxLink, jsonLink, manifestLink] = downloads as [Download, Download, Download];
    const manifest = JSON.parse((await download(manifestLink)).toString('utf8'));
    expect(manifest).toMatchObject({ period: '2025-Q2', runId, sourceCounts: { meetings: 1, responses: 6 } });
    expect(manifest.files.map((f: { sha256: string }) => f.sha256)).toEqual([
      xlsxLink.sha256,
      jsonLink.sha256,
    ]);

    const report = reportBodySchema.parse(JSON.parse((await download(jsonLink)).toString('utf8')));
    expect(report.runId).toBe(runId);
    expect(report.region.totals).toMatchObject({ meetings: 1, participants: 24, surveyResponses: 6 });

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download(xlsxLink)) as unknown as ArrayBuffer);
    const names = book.worksheets.map((w) => w.name);
    expect(names).toEqual(
      expect.arrayContaining([
        SHEETS.summary,
        'Nord - Noord',
        'Centre-Ouest - Centrum-West',
        SHEETS.priorities,
        SHEETS.meetings,
        SHEETS.responses,
        SHEETS.about,
      ]),
    );
    expect(names[0]).toBe(SHEETS.summary);
    expect(names.at(-1)).toBe(SHEETS.about);

    const north = book.getWorksheet('Nord - Noord');
    expect(north?.properties.tabColor).toMatchObject({ argb: 'FFD62728' });
    expect(north?.getRow(1).getCell(1).fill).toMatchObject({ fgColor: { argb: 'FFD62728' } });
    expect(north?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // Styles set cell by cell before a streamed row is committed survive: the zone column of the matrix.
    let matrixFill: unknown;
    book.getWorksheet(SHEETS.summary)?.eachRow((r) => {
      if (r.getCell(1).value === 'Nord · Noord') matrixFill = r.getCell(1).fill;
    });
    expect(matrixFill).toMatchObject({ fgColor: { argb: 'FFD62728' } });

    const responses = book.getWorksheet(SHEETS.responses);
    expect(responses?.rowCount).toBe(7);
    expect(responses?.autoFilter).toBeTruthy();
    // Free text is not published unless the question allows it.
    const headerCells = ((responses?.getRow(1).values ?? []) as unknown[]).map(String);
    expect(headerCells.some((h) => h.endsWith('.comment'))).toBe(false);

    const summary = book.getWorksheet(SHEETS.summary);
    const summaryText = JSON.stringify(summary?.getSheetValues());
    expect(summaryText).toContain('Réunions · Vergaderingen');
    expect(summary?.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9 });

    // Formula and link injection: no formula, no hyperlink anywhere; user text kept as text with a leading quote.
    const zip = await JSZip.loadAsync(await download(xlsxLink));
    const sheets = Object.keys(zip.files).filter((f) => f.startsWith('xl/worksheets/sheet'));
    expect(sheets.length).toBeGreaterThan(5);
    for (const name of sheets) {
      const xml = (await zip.file(name)?.async('string')) ?? '';
      expect(xml).not.toMatch(/<f[ >]/);
      expect(xml).not.toContain('<hyperlink');
    }
    expect(Object.keys(zip.files).some((f) => f.includes('_rels/sheet') && f.endsWith('.rels'))).toBe(false);
    const meetingsSheet = book.getWorksheet(SHEETS.meetings);
    const values = JSON.stringify(meetingsSheet?.getSheetValues());
    expect(values).toContain(JSON.stringify(`'${INJECTION}`).slice(1, -1));
    expect(values).toContain("'+cmd|calc | @SUM(1)");
    expect(values).toContain("'-2+3: ok");
  });

  it('marks a run failed with its reason when S3 is down, keeps the last good report, and can run again', async () => {
    const before = parse(await status('2025-Q2')).latest.runId;
    const closed = await freePort();
    setClients(createClients({ ...loadConfig(), S3_ENDPOINT: `http://127.0.0.1:${closed}` }));
    const { runId } = parse(await start({ period: '2025-Q2' }));
    await settleLocalRuns();
    setClients(createClients(loadConfig()));

    const after = parse(await status('2025-Q2'));
    expect(after.latest).toMatchObject({ runId, status: 'failed' });
    expect(after.latest.reason).toMatch(/ECONNREFUSED|connect/i);
    expect(after.latestSuccessful.runId).toBe(before);
    expect(after.latestSuccessful.downloads).toHaveLength(3);

    const retry = parse(await start({ period: '2025-Q2' }));
    await settleLocalRuns();
    expect(parse(await status('2025-Q2')).latest).toMatchObject({ runId: retry.runId, status: 'succeeded' });
  });

  it('gives a valid report that says so for a period without data', async () => {
    await start({ period: '2019-Q1' });
    await settleLocalRuns();
    const body = parse(await status('2019-Q1'));
    expect(body.latest.status).toBe('succeeded');
    const json = body.latest.downloads.find((d: Download) => d.name === 'rar-2019-Q1.json');
    const report = reportBodySchema.parse(JSON.parse((await download(json)).toString('utf8')));
    expect(report.provenance.hasData).toBe(false);
    expect(report.region.totals.meetings).toBe(0);
  });

  it('lists runs newest first, page by page', async () => {
    const res = await listReports(
      httpEvent({ method: 'GET', path: '/api/reports', query: { limit: '2' }, claims: claimsFor('rar') }),
      lambdaContext(),
    );
    const page = parse(res);
    expect(page.runs).toHaveLength(2);
    expect(page.runs[0].createdAt >= page.runs[1].createdAt).toBe(true);
    const next = parse(
      await listReports(
        httpEvent({
          method: 'GET',
          path: '/api/reports',
          query: { limit: '2', cursor: page.cursor },
          claims: claimsFor('rar'),
        }),
        lambdaContext(),
      ),
    );
    expect(next.runs[0].runId).not.toBe(page.runs[0].runId);
    const bad = await listReports(
      httpEvent({
        method: 'GET',
        path: '/api/reports',
        query: { cursor: 'garbage' },
        claims: claimsFor('rar'),
      }),
      lambdaContext(),
    );
    expect(bad.statusCode).toBe(400);
  });

  it('refuses bad periods (400, FR/NL), missing tokens (401) and coordinators (403) without storing anything', async () => {
    const before = await tableItems();
    const bad = await start({ period: '2025-Q7' });
    expect(bad.statusCode).toBe(400);
    expect(parse(bad).issues[0].message.fr).toContain('Période invalide');
    expect(parse(bad).issues[0].message.nl).toContain('Ongeldige periode');
    expect((await start({ period: '2025-Q2' }, null)).statusCode).toBe(401);
    expect((await start({ period: '2025-Q2' }, claimsFor('zone-north'))).statusCode).toBe(403);
    expect((await start('{oops')).statusCode).toBe(400);
    expect(await tableItems()).toEqual(before);
    expect((await status('2025-Q9')).statusCode).toBe(400);
    expect((await status('2030-Q1')).statusCode).toBe(404);
    expect((await status('2025-Q2', claimsFor('zone-north'))).statusCode).toBe(403);
  });
});
