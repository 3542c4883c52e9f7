import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueLocalToken, verifyLocalToken } from '../../local/jwt.ts';

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'zonedata-jwt-'));

describe('local tokens', () => {
  it('carry sub and cognito:groups like Cognito, verified with the data dir key (kept private)', async () => {
    const dir = dataDir();
    const token = await issueLocalToken(dir, { groups: ['staff', 'zone-north'], subject: 'anna' });
    const claims = await verifyLocalToken(dir, token);
    expect(claims.sub).toBe('anna');
    expect(claims['cognito:groups']).toEqual(['staff', 'zone-north']);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(8 * 3600);
    expect(statSync(path.join(dir, 'jwt-signing-key.json')).mode & 0o777).toBe(0o600);
  });

  it('are refused when signed with another data dir key, or tampered with', async () => {
    const token = await issueLocalToken(dataDir(), { groups: ['staff'] });
    await expect(verifyLocalToken(dataDir(), token)).rejects.toThrow();
    const dir = dataDir();
    const good = await issueLocalToken(dir, { groups: ['rar'] });
    const [header, , signature] = good.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'x', 'cognito:groups': ['staff'] })).toString(
      'base64url',
    );
    await expect(verifyLocalToken(dir, `${header}.${forged}.${signature}`)).rejects.toThrow();
  });
});
