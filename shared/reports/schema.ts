/** The report wire schemas: starting a run, listing runs, a period's path. Browser-safe: no Node or AWS imports. */
import * as z from 'zod';
import { periodSchema } from '../period.ts';

/** `POST /api/reports { period }`. */
export const reportStartSchema = z.object({ period: periodSchema }).strict();
export type ReportStart = z.output<typeof reportStartSchema>;

/** `GET /api/reports?limit=&cursor=`: `cursor` is the opaque one a previous page handed out. */
export const reportListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2000).optional(),
});
export type ReportListQuery = z.output<typeof reportListQuerySchema>;

/** `/api/reports/{period}`. */
export const reportPathSchema = z.object({ period: periodSchema });
