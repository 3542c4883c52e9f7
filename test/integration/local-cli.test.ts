import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/emulators.ts';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'bin', 'zonedata.mjs');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zonedata-cli-'));
const env = { ...process.env, ZONEDATA_DATA_DIR: dataDir, ZONEDATA_DEMO: '0' };
const children: ChildProcess[] = [];

const javaProcessesFor = (dir: string) => {
  try {
    return execFileSync('pgrep', ['-f', `dbPath ${dir}`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
};

const startStack = async (port: number) => {
  const child = spawn(process.execPath, [cli, 'start'], {
    env: { ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  children.push(child);
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('stack did not become ready');
};

const stopStack = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('zonedata start / token (a real child process)', () => {
  it('says in one line what to install when java is missing', () => {
    // A PATH holding nothing at all: java cannot be found (node itself is started by absolute path).
    const emptyBin = mkdtempSync(path.join(os.tmpdir(), 'zonedata-nojava-'));
    const result = spawnSync(process.execPath, [cli, 'start'], {
      env: { ...env, PATH: emptyBin },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('openjdk-17-jre-headless');
  });

  it('serves the API, accepts its own tokens, stops every child on SIGTERM, and finds its data again', async () => {
    const port = await freePort();
    let stack = await startStack(port);
    const token = execFileSync(process.execPath, [cli, 'token', '--group', 'staff'], {
      env,
      encoding: 'utf8',
    }).trim();
    expect(token.split('.')).toHaveLength(3);

    const meeting = {
      meetingId: '9d1e2f3a-4b5c-4d6e-8f70-81a2b3c4d5e6',
      zone: 'south',
      theme: 'prevention',
      kind: 'prevention-meeting',
      date: '2025-05-06',
      participants: 17,
      language: 'nl',
    };
    const created = await fetch(`http://127.0.0.1:${port}/api/meetings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(meeting),
    });
    expect(created.status).toBe(201);

    expect(await stopStack(stack)).toBe(0);
    expect(javaProcessesFor(dataDir)).toEqual([]);

    stack = await startStack(port);
    const found = await fetch(`http://127.0.0.1:${port}/api/meetings/${meeting.meetingId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(found.status).toBe(200);
    expect(await stopStack(stack)).toBe(0);
    expect(javaProcessesFor(dataDir)).toEqual([]);
  }, 120_000);
});
