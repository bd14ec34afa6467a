import { expect } from 'chai';
import { inputError } from '../helpers/errors.js';
import { PAD, SEP, babiSettings, encodeStories, loadBabi, tokenize } from '../../harness/data/babi.js';
import type { Dataset } from '../../harness/data/types.js';

const load = (extra: Record<string, unknown> = {}, seed = 1): Dataset =>
  loadBabi(babiSettings.parse({ trainSize: 150, testSize: 30, ...extra }), seed);

/** Story sentences and question words of row `i`, decoded from token ids. */
function decode(ds: Dataset, i: number): { facts: string[][]; question: string[] } {
  const len = ds.inputShape[0];
  const words = Array.from(ds.train.x.subarray(i * len, (i + 1) * len))
    .filter((id) => id !== 0)
    .map((id) => ds.featureNames[id]);
  const sep = words.indexOf(SEP);
  const facts: string[][] = [];
  let current: string[] = [];
  for (const w of words.slice(0, sep)) {
    if (w === '.') {
      facts.push(current);
      current = [];
    } else current.push(w);
  }
  return { facts, question: words.slice(sep + 1) };
}

const DROPS = new Set(['dropped', 'discarded', 'put', 'left']);

/** Answers a decoded question by replaying its facts (independently of the generator). */
function solve(ds: Dataset, facts: string[][], question: string[]): string {
  const places = new Set(ds.classNames);
  const personAt = new Map<string, string>();
  const holder = new Map<string, string | undefined>();
  const objectAt = new Map<string, string>();
  const trail = new Map<string, string[]>();
  const track = (obj: string, place: string): void => {
    objectAt.set(obj, place);
    const t = trail.get(obj) ?? [];
    if (t.at(-1) !== place) t.push(place);
    trail.set(obj, t);
  };
  for (const f of facts) {
    const [who, last] = [f[0], f[f.length - 1]];
    if (places.has(last)) {
      personAt.set(who, last);
      for (const [obj, h] of holder) if (h === who) track(obj, last);
    } else if (DROPS.has(f[1])) {
      holder.set(last, undefined);
    } else {
      holder.set(last, who);
      track(last, personAt.get(who)!);
    }
  }
  const target = question[question.length - 2];
  if (question[1] === 'is') return personAt.get(target) ?? objectAt.get(target)!;
  const obj = question[3];
  const t = trail.get(obj)!;
  return t[t.lastIndexOf(target) - 1];
}

describe('data/babi', () => {
  for (const task of [1, 2, 3]) {
    it(`answers every task-${task} question consistently with its story's facts`, () => {
      const ds = load({ task, storyLength: task === 3 ? 14 : 8 });
      for (let i = 0; i < ds.train.n; i++) {
        const { facts, question } = decode(ds, i);
        expect(solve(ds, facts, question), `row ${i}`).to.equal(ds.classNames[ds.train.y[i]]);
      }
    });
  }

  it('asks where a person is in task 1, where an object is in task 2 and where it was before a place in task 3', () => {
    expect(decode(load({ task: 1 }), 0).question.slice(0, 2)).to.deep.equal(['where', 'is']);
    expect(decode(load({ task: 2 }), 0).question.slice(0, 3)).to.deep.equal(['where', 'is', 'the']);
    const q3 = decode(load({ task: 3, storyLength: 14 }), 0).question;
    expect(q3.slice(0, 3)).to.deep.equal(['where', 'was', 'the']);
    expect(q3[4]).to.equal('before');
  });

  it('keeps story lengths between minStoryLength and storyLength', () => {
    const ds = load({ task: 1, storyLength: 6, minStoryLength: 4 });
    for (let i = 0; i < ds.train.n; i++) expect(decode(ds, i).facts.length).to.be.within(4, 6);
  });

  it('rejects minStoryLength above storyLength', () => {
    expect(babiSettings.safeParse({ storyLength: 4, minStoryLength: 5 }).success).to.equal(false);
  });

  it('uses the places as classes and a vocabulary starting with the padding token', () => {
    const ds = load({ task: 2, places: 3, people: 2, objects: 2 });
    expect(ds.classNames).to.deep.equal(['bathroom', 'hallway', 'kitchen']);
    expect(ds.featureNames[0]).to.equal(PAD);
    expect(ds.vocabSize).to.equal(ds.featureNames.length);
    expect(ds.inputKind).to.equal('tokens');
    expect(Math.max(...ds.train.x)).to.be.below(ds.vocabSize!);
  });

  it('tokenises a sentence into lower-case words and punctuation', () => {
    expect(tokenize('Mary moved to the bathroom.')).to.deep.equal(['mary', 'moved', 'to', 'the', 'bathroom', '.']);
    expect(tokenize('Where is Mary?')).to.deep.equal(['where', 'is', 'mary', '?']);
  });

  it('encodes story tokens, the separator, the question and right padding', () => {
    const words = [PAD, SEP, '.', '?', 'where', 'is', 'mary', 'went', 'to', 'the', 'garden'];
    const vocab = new Map(words.map((w, i) => [w, i]));
    const split = encodeStories(
      [{ story: ['Mary went to the garden.'], question: 'Where is Mary?', answer: 'garden' }],
      vocab,
      new Map([['garden', 0]]),
      14,
    );
    expect(Array.from(split.x)).to.deep.equal([6, 7, 8, 9, 10, 2, 1, 4, 5, 6, 3, 0, 0, 0]);
    expect(Array.from(split.y)).to.deep.equal([0]);
  });

  it('drops the oldest sentences of a story longer than the row', () => {
    const words = [PAD, SEP, '.', '?', 'where', 'is', 'mary', 'went', 'to', 'the', 'garden', 'kitchen'];
    const vocab = new Map(words.map((w, i) => [w, i]));
    const ex = { story: ['Mary went to the garden.', 'Mary went to the kitchen.'], question: 'Where is Mary?', answer: 'kitchen' };
    const split = encodeStories([ex], vocab, new Map([['kitchen', 0]]), 12);
    expect(Array.from(split.x)).to.deep.equal([6, 7, 8, 9, 11, 2, 1, 4, 5, 6, 3, 0]);
  });

  it('rejects an unknown token, a question longer than the row and an answer that is no class, by code', () => {
    const words = [PAD, SEP, '.', '?', 'where', 'is', 'mary', 'went', 'to', 'the', 'garden'];
    const vocab = new Map(words.map((w, i) => [w, i]));
    const ex = { story: ['Mary went to the garden.'], question: 'Where is Mary?', answer: 'garden' };
    const classes = new Map([['garden', 0]]);
    expect(
      inputError(() => encodeStories([{ ...ex, story: ['Mary went to the hall.'] }], vocab, classes, 14), 'babi-token').message,
    ).to.match(/'hall'/);
    expect(inputError(() => encodeStories([ex], vocab, classes, 4), 'babi-seqlen').message).to.match(
      /needs 5 tokens but seqLen is 4; raise/,
    );
    expect(inputError(() => encodeStories([{ ...ex, answer: 'kitchen' }], vocab, classes, 14), 'babi-answer').message).to.match(
      /'kitchen' is not a class \(classes: garden\)/,
    );
  });

  it('gives the same arrays and hash for the same seed', () => {
    const a = load({ task: 2 }, 5);
    const b = load({ task: 2 }, 5);
    expect(Array.from(a.train.x)).to.deep.equal(Array.from(b.train.x));
    expect(Array.from(a.test.y)).to.deep.equal(Array.from(b.test.y));
    expect(a.hash).to.equal(b.hash);
  });

  it('gives different arrays and hash for a different seed', () => {
    const a = load({ task: 2 }, 5);
    const b = load({ task: 2 }, 6);
    expect(Array.from(a.train.x)).to.not.deep.equal(Array.from(b.train.x));
    expect(a.hash).to.not.equal(b.hash);
  });

  it('fails with an InputError when seqLen cannot hold a story', () => {
    expect(inputError(() => load({ task: 1, storyLength: 8, seqLen: 10 }), 'babi-seqlen').message).to.match(/seqLen/);
  });

  it('fails with an InputError when task 3 stories are too short to move an object twice', () => {
    expect(inputError(() => load({ task: 3, storyLength: 2 }), 'babi-impossible').message).to.match(/storyLength/);
  });
});
