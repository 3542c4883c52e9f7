/** Deterministic randomness for demo data: the same data dir always gets the same demo records. */
import { createHash } from 'node:crypto';

/** mulberry32: a tiny seeded PRNG, good enough for plausible demo figures (not for anything secret). */
export const seededRandom = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export type Random = ReturnType<typeof seededRandom>;

export const intBetween = (random: Random, min: number, max: number) =>
  min + Math.floor(random() * (max - min + 1));

/** `count` distinct items, drawn without replacement with the given weights. */
export const weightedPick = <T>(
  random: Random,
  items: readonly { value: T; weight: number }[],
  count: number,
): T[] => {
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0) {
    const total = pool.reduce((s, i) => s + i.weight, 0);
    let r = random() * total;
    const index = pool.findIndex((i) => {
      r -= i.weight;
      return r <= 0;
    });
    const [chosen] = pool.splice(index < 0 ? pool.length - 1 : index, 1);
    if (chosen) picked.push(chosen.value);
  }
  return picked;
};

/** A stable, name-based UUID (version 5 layout) so replays of the demo load are recognised. */
export const demoUuid = (name: string): string => {
  const h = createHash('sha1').update(`zonedata-demo:${name}`).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};
