import { describe, expect, it } from 'vitest';
import {
  actionTrackIds,
  careZoneIds,
  reference,
  referenceDataSchema,
  themeIds,
  trackOfHeading,
  zone,
  zoneIds,
} from '../../shared/reference/index.ts';
import raw from '../../shared/reference/reference-data.json' with { type: 'json' };

describe('reference data', () => {
  it('holds the ids the API promises, with FR and NL labels', () => {
    expect(zoneIds).toEqual(['centre-west', 'south', 'south-east', 'north-east', 'north', 'region']);
    expect(careZoneIds).toHaveLength(5);
    expect(themeIds).toEqual(['mental-health', 'prevention', 'ambulatory-hospital']);
    expect(reference.meetingKinds.map((k) => k.id)).toContain('regional-action-council');
    expect(reference.needsTopics).toHaveLength(10);
    expect(reference.targetGroups).toHaveLength(10);
    expect(reference.sectors).toHaveLength(8);
    expect(zone('south-east').label).toEqual({ fr: 'Sud-Est', nl: 'Zuid-Oost' });
  });

  it('is validated when loaded: duplicate ids, a missing label or a missing region are refused', () => {
    const broken = structuredClone(raw);
    broken.zones.push({ id: 'north', label: { fr: 'Doublon', nl: 'Dubbel' }, colour: '000000' });
    expect(referenceDataSchema.safeParse(broken).success).toBe(false);
    const unlabelled = structuredClone(raw) as { themes: { label: Record<string, string> }[] };
    delete unlabelled.themes[0]?.label.nl;
    expect(referenceDataSchema.safeParse(unlabelled).success).toBe(false);
    const noRegion = { ...structuredClone(raw), zones: raw.zones.filter((z) => z.id !== 'region') };
    expect(referenceDataSchema.safeParse(noRegion).success).toBe(false);
    expect(() => zone('atlantis')).toThrow('unknown zone');
  });

  it('lists the action tracks of the consultations, and maps an old heading by its FR or NL label', () => {
    expect(actionTrackIds).toHaveLength(12);
    expect(actionTrackIds).toContain('other');
    expect(trackOfHeading('orientation et acces')).toBe('referral-access');
    expect(trackOfHeading('  Digitale   KLOOF ')).toBe('digital-divide');
    expect(trackOfHeading('Territoriale coordinatie')).toBe('territorial-coordination');
    expect(trackOfHeading('Formation')).toBe('other');
    const noOther = {
      ...structuredClone(raw),
      actionTracks: raw.actionTracks.filter((t) => t.id !== 'other'),
    };
    expect(referenceDataSchema.safeParse(noOther).success).toBe(false);
  });
});
