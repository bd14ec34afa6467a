import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEP } from '../../harness/data/babi.js';
import { babiFileSettings, loadBabiFile, parseBabi } from '../../harness/data/babi-reader.js';
import type { Dataset } from '../../harness/data/types.js';
import { inputError } from '../helpers/errors.js';

const TWO_STORIES = [
  '1 Mary moved to the bathroom.',
  '2 John went to the hallway.',
  '3 Where is Mary? \tbathroom\t1',
  '4 Daniel went back to the hallway.',
  '5 Where is Daniel? \thallway\t4',
  '1 Sandra travelled to the office.',
  '2 Where is Sandra? \toffice\t1',
  '',
].join('\n');

const dir = mkdtempSync(join(tmpdir(), 'babi-reader-'));
function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

const load = (settings: Record<string, unknown>, seed = 1): Dataset => loadBabiFile(babiFileSettings.parse(settings), seed, dir);

/** Words of row `i` of a split, padding removed. */
function words(ds: Dataset, part: 'train' | 'test', i: number): string {
  const len = ds.inputShape[0];
  return Array.from(ds[part].x.subarray(i * len, (i + 1) * len))
    .filter((id) => id !== 0)
    .map((id) => ds.featureNames[id])
    .join(' ');
}

describe('data/babi-reader', () => {
  it('makes one example per question, with the facts of its own story before it', () => {
    const ex = parseBabi(TWO_STORIES, 'qa.txt');
    expect(ex.map((e) => e.story)).to.deep.equal([
      ['Mary moved to the bathroom.', 'John went to the hallway.'],
      ['Mary moved to the bathroom.', 'John went to the hallway.', 'Daniel went back to the hallway.'],
      ['Sandra travelled to the office.'],
    ]);
    expect(ex.map((e) => e.answer)).to.deep.equal(['bathroom', 'hallway', 'office']);
    expect(ex.map((e) => e.supporting)).to.deep.equal([[1], [4], [1]]);
    expect(ex.map((e) => e.line)).to.deep.equal([3, 5, 7]);
  });

  it('encodes story, separator and question as token ids with sorted vocabulary and answers', () => {
    const ds = load({ file: file('a.txt', TWO_STORIES), testFile: file('b.txt', TWO_STORIES) });
    expect(ds.classNames).to.deep.equal(['bathroom', 'hallway', 'office']);
    expect(ds.featureNames.slice(0, 2)).to.deep.equal(['<pad>', SEP]);
    expect(ds.featureNames.slice(2)).to.deep.equal([...ds.featureNames.slice(2)].sort());
    expect(ds.inputShape).to.deep.equal([1 + 6 + 6 + 7 + 4]);
    expect(words(ds, 'test', 2)).to.equal(`sandra travelled to the office . ${SEP} where is sandra ?`);
    expect(Array.from(ds.test.y)).to.deep.equal([0, 1, 2]);
    expect(ds.train.n).to.equal(3);
  });

  it('keeps only the latest facts when maxFacts is set', () => {
    const ds = load({ file: file('a.txt', TWO_STORIES), testFile: file('b.txt', TWO_STORIES), maxFacts: 1 });
    expect(words(ds, 'test', 1)).to.equal(`daniel went back to the hallway . ${SEP} where is daniel ?`);
  });

  it('drops the oldest sentences when seqLen is shorter than a story', () => {
    const ds = load({ file: file('a.txt', TWO_STORIES), testFile: file('b.txt', TWO_STORIES), seqLen: 12 });
    expect(words(ds, 'test', 1)).to.equal(`daniel went back to the hallway . ${SEP} where is daniel ?`);
  });

  it('splits a single file per answer, with no question in both parts', () => {
    const lines: string[] = [];
    for (let i = 0; i < 40; i++)
      lines.push(`1 Mary went to the ${i % 2 ? 'garden' : 'kitchen'}.`, `2 Where is Mary?\t${i % 2 ? 'garden' : 'kitchen'}\t1`);
    const ds = load({ file: file('split.txt', lines.join('\n')), testFraction: 0.25 });
    expect(ds.train.n).to.equal(30);
    expect(ds.test.n).to.equal(10);
    expect(Array.from(ds.test.y).filter((y) => y === 0).length).to.equal(5);
  });

  it('hashes the file bytes, so an edited file gets a new hash', () => {
    const a = load({ file: file('h.txt', TWO_STORIES), testFile: file('b.txt', TWO_STORIES) });
    const b = load({ file: file('h.txt', TWO_STORIES.replace('office', 'garden')), testFile: file('b.txt', TWO_STORIES) });
    expect(a.hash).to.match(/^[0-9a-f]{64}$/);
    expect(a.hash).to.not.equal(b.hash);
  });

  it('names file and line for a line without a number', () => {
    const err = inputError(() => parseBabi('1 Mary went to the garden.\nWhere is Mary?\tgarden\t1\n', 'bad.txt'), 'babi-syntax');
    expect(err.message).to.match(/^bad\.txt:2: /);
  });

  it('names file and line for numbering that skips', () => {
    const err = inputError(() => parseBabi('1 Mary went to the garden.\n3 Where is Mary?\tgarden\t1\n', 'bad.txt'), 'babi-numbering');
    expect(err.message).to.match(/^bad\.txt:2: line number 3 does not follow 1/);
  });

  it('names file and line for a question without an answer', () => {
    const err = inputError(() => parseBabi('1 Mary went to the garden.\n2 Where is Mary?\t\t1\n', 'bad.txt'), 'babi-no-answer');
    expect(err.message).to.match(/^bad\.txt:2: .*no answer/);
  });

  it('names file and line for supporting ids that are not earlier facts', () => {
    const err = inputError(() => parseBabi('1 Mary went to the garden.\n2 Where is Mary?\tgarden\t7\n', 'bad.txt'), 'babi-support');
    expect(err.message).to.match(/^bad\.txt:2: supporting/);
  });

  it('rejects a file without questions and a missing file', () => {
    expect(inputError(() => parseBabi('1 Mary went to the garden.\n', 'facts.txt'), 'babi-empty').message).to.match(
      /^facts\.txt: no questions/,
    );
    expect(inputError(() => load({ file: 'nope.txt' }), 'babi-missing').message).to.match(/nope\.txt: cannot read/);
  });

  it('names file and line when seqLen cannot hold a question', () => {
    const err = inputError(
      () => load({ file: file('a.txt', TWO_STORIES), testFile: file('b.txt', TWO_STORIES), seqLen: 3 }),
      'babi-seqlen',
    );
    expect(err.message).to.match(/a\.txt:3: the question needs 5 tokens/);
  });
});
