import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findInterrupted, Journal } from '../../harness/runner/journal.js';
import type { CellRecord } from '../../harness/results/record.js';

const cell = (id: string): CellRecord => ({ id, variant: 'v', method: 'm', settings: {}, seed: 1, reference: false, status: 'ok' });
const header = (runId: string, planKey = 'k') => ({ journal: 1 as const, planKey, runId, suite: 's', startedAt: '2024-01-01T00:00:00Z' });

describe('runner/journal', () => {
  it('holds every finished cell on disk, one per line after the header', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-'));
    const j = new Journal(dir, header('r1'));
    j.add(cell('a'));
    j.add(cell('b'));
    const lines = readFileSync(j.path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id?: string; runId?: string });
    expect(lines.map((l) => l.id ?? l.runId)).to.deep.equal(['r1', 'a', 'b']);
    j.remove();
    expect(existsSync(j.path)).to.equal(false);
  });

  it('finds partial records of killed runs of the same plan only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-'));
    new Journal(dir, header('old')).add(cell('a'));
    new Journal(dir, header('other', 'z')).add(cell('a'));
    const found = findInterrupted(dir, 'k', '');
    expect(found.map((f) => [f.runId, f.cells])).to.deep.equal([['old', 1]]);
  });
});
