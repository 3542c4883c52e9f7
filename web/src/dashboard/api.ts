/**
 * The dashboard's calls, through the staff pages' client (session token, sign-in on 401): the periods
 * with data, the report body of a period, its 8-quarter trend. Report files come from `staffApi.report`.
 */
import type { ReportBody } from '../../../shared/report-body/schema.ts';
import { getJson, q } from '../staff/api.ts';
import type { Scope, Trend } from './model.ts';

export const dashboardApi = {
  periods: () => getJson<{ periods: string[] }>('/api/aggregates/periods'),
  figures: (period: string, scope: Scope) =>
    getJson<ReportBody>(`/api/aggregates?${q({ period, zone: scope.zone, theme: scope.theme })}`),
  trend: (period: string, zone?: string) => getJson<Trend>(`/api/aggregates/trend?${q({ period, zone })}`),
};
