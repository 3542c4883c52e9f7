/**
 * Who is calling, and what they may do. Authentication (the JWT signature) is the gateway's job: the
 * Cognito JWT authorizer in the cloud, the local server's verifier locally. Authorisation by group is
 * decided here, the same everywhere.
 *
 * Groups: `staff` (everything), `rar` (read aggregates and reports), `zone-<zoneId>` (coordinator of one
 * zone: that zone's meetings and figures).
 */
import { forbidden } from './errors.ts';

export interface Caller {
  subject: string;
  groups: string[];
}

export const STAFF = 'staff';
export const RAR = 'rar';
export const ZONE_GROUP_PREFIX = 'zone-';

export const isStaff = (c: Caller) => c.groups.includes(STAFF);
export const isRar = (c: Caller) => c.groups.includes(RAR);

/** Zones a coordinator manages (from their `zone-<id>` groups). */
export const coordinatedZones = (c: Caller): string[] =>
  c.groups.filter((g) => g.startsWith(ZONE_GROUP_PREFIX)).map((g) => g.slice(ZONE_GROUP_PREFIX.length));

/** Staff only (publishing surveys). */
export const assertStaff = (c: Caller): void => {
  if (!isStaff(c)) throw forbidden();
};

/** Whether the caller may see one zone's meetings (staff and rar: all; a coordinator: their own). */
export const canReadZone = (c: Caller, zone: string): boolean =>
  isStaff(c) || isRar(c) || coordinatedZones(c).includes(zone);

/** Whether the caller may change one zone's meetings (staff: all; a coordinator: their own). */
export const canWriteZone = (c: Caller, zone: string): boolean =>
  isStaff(c) || coordinatedZones(c).includes(zone);

/** Meeting writes need staff or at least one zone group; checked before any read reveals an id. */
export const assertMayWriteMeetings = (c: Caller): void => {
  if (!isStaff(c) && coordinatedZones(c).length === 0) throw forbidden();
};

/** Meeting reads need staff, rar or at least one zone group. */
export const assertMayReadMeetings = (c: Caller): void => {
  if (!isStaff(c) && !isRar(c) && coordinatedZones(c).length === 0) throw forbidden();
};

/** Meetings: staff for any zone, a coordinator for their own zones. */
export const assertCanWriteMeeting = (c: Caller, zone: string): void => {
  if (isStaff(c) || coordinatedZones(c).includes(zone)) return;
  throw forbidden();
};

/** Meeting lists: staff and rar see every zone; a coordinator only their zones. */
export const assertCanReadZone = (c: Caller, zone: string | undefined): void => {
  if (isStaff(c) || isRar(c)) return;
  const own = coordinatedZones(c);
  if (zone !== undefined && own.includes(zone)) return;
  throw forbidden();
};

/** Aggregates and reports: staff and rar. */
export const assertCanReadReports = (c: Caller): void => {
  if (isStaff(c) || isRar(c)) return;
  throw forbidden();
};

/**
 * Live aggregates (GET /api/aggregates): staff and rar for any zone or the whole region; a coordinator
 * only when asking for one of their own zones (zone is required for them).
 */
export const assertCanReadAggregates = (c: Caller, zone: string | undefined): void => {
  if (isStaff(c) || isRar(c)) return;
  if (zone !== undefined && coordinatedZones(c).includes(zone)) return;
  throw forbidden();
};

/**
 * Reads `cognito:groups` as API Gateway hands it over: an array, a JSON array string, or the
 * "[a b]" form an HTTP API JWT authorizer produces for list claims.
 */
export const parseGroupsClaim = (claim: unknown): string[] => {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string' || claim.trim() === '') return [];
  const s = claim.trim();
  if (s.startsWith('[') && s.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(s);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not JSON: the "[a b]" form
    }
    return s
      .slice(1, -1)
      .split(/[\s,]+/)
      .filter(Boolean);
  }
  return s.split(/[\s,]+/).filter(Boolean);
};
