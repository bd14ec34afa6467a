import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { Rng } from './random.js';
import type { Dataset, Split } from './types.js';

const PEOPLE = ['Mary', 'John', 'Sandra', 'Daniel', 'Bill', 'Fred', 'Julie', 'Jeff', 'Emily', 'Gertrude', 'Winona', 'Jessica'];
export const PLACES = [
  'bathroom',
  'hallway',
  'kitchen',
  'garden',
  'office',
  'bedroom',
  'cinema',
  'park',
  'school',
  'library',
  'cellar',
  'garage',
];
const OBJECTS = ['football', 'apple', 'milk', 'book', 'key', 'ball', 'box', 'pencil', 'glass', 'hat'];
const MOVE = ['moved to', 'went to', 'journeyed to', 'travelled to', 'went back to'];
const TAKE = ['picked up', 'got', 'grabbed', 'took'];
const DROP = ['dropped', 'discarded', 'put down', 'left'];
const QUESTION = ['Where is Mary?', 'Where is the football?', 'Where was the football before the kitchen?'];

/** Settings of the `babi` generator (bAbI tasks 1–3: one, two or three supporting facts). */
export const babiSettings = z
  .object({
    task: z
      .number()
      .int()
      .min(1)
      .max(3)
      .default(1)
      .describe('supporting facts: 1 where is a person, 2 where is an object, 3 where was an object before a place'),
    people: z.number().int().min(1).max(PEOPLE.length).default(4).describe('number of people'),
    places: z.number().int().min(2).max(PLACES.length).default(6).describe('number of places (the classes)'),
    objects: z.number().int().min(1).max(OBJECTS.length).default(4).describe('number of objects (tasks 2 and 3)'),
    storyLength: z.number().int().min(1).max(200).default(8).describe('most facts in a story'),
    minStoryLength: z.number().int().min(1).max(200).optional().describe('fewest facts in a story (default: half of storyLength)'),
    trainSize: z.number().int().min(1).max(1_000_000).default(1000).describe('training examples'),
    testSize: z.number().int().min(1).max(1_000_000).default(200).describe('test examples'),
    seqLen: z.number().int().min(4).max(8192).optional().describe('tokens per row (default: the longest possible story)'),
  })
  .strict()
  .refine((s) => (s.minStoryLength ?? 1) <= s.storyLength, {
    message: 'minStoryLength must not exceed storyLength',
    path: ['minStoryLength'],
  });
export type BabiSettings = z.infer<typeof babiSettings>;

/** One question about a story: the facts before it, the question text and the answer word. */
export interface StoryExample {
  story: string[];
  question: string;
  answer: string;
}

/** Padding token (id 0), after the last real token of a row. */
export const PAD = '<pad>';
/** Token between the story and the question. */
export const SEP = '<sep>';

/** Lower-cased words of a sentence, with `.`, `?`, `!` and `,` as tokens of their own. */
export function tokenize(sentence: string): string[] {
  return sentence
    .toLowerCase()
    .replace(/([.?,!])/g, ' $1 ')
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

/** Token count of an example once encoded: story, separator, question. */
export function encodedLength(ex: StoryExample): number {
  return ex.story.reduce((n, s) => n + tokenize(s).length, 0) + 1 + tokenize(ex.question).length;
}

/**
 * Encodes examples as fixed-length rows of token ids: story tokens, {@link SEP}, question tokens,
 * then {@link PAD} (id 0) up to `seqLen`. A story too long for the row loses its oldest whole
 * sentences. Throws an InputError when a token or answer is unknown or a question does not fit.
 */
export function encodeStories(
  examples: StoryExample[],
  vocab: ReadonlyMap<string, number>,
  classIndex: ReadonlyMap<string, number>,
  seqLen: number,
): Split {
  const x = new Float32Array(examples.length * seqLen);
  const y = new Int32Array(examples.length);
  const id = (w: string): number => {
    const v = vocab.get(w);
    if (v === undefined)
      throw new InputError(
        `babi: token '${w}' is not in the vocabulary; use only words of the story files (or of the generator's vocabulary)`,
        'babi-token',
      );
    return v;
  };
  examples.forEach((ex, i) => {
    const question = [SEP, ...tokenize(ex.question)].map(id);
    if (question.length > seqLen)
      throw new InputError(
        `babi: question '${ex.question}' needs ${question.length} tokens but seqLen is ${seqLen}; raise dataset seqLen`,
        'babi-seqlen',
      );
    const sentences = ex.story.map((s) => tokenize(s).map(id));
    let room = seqLen - question.length;
    let first = sentences.length;
    while (first > 0 && sentences[first - 1].length <= room) room -= sentences[--first].length;
    x.set([...sentences.slice(first).flat(), ...question], i * seqLen);
    const cls = classIndex.get(ex.answer);
    if (cls === undefined)
      throw new InputError(
        `babi: answer '${ex.answer}' is not a class (classes: ${[...classIndex.keys()].join(', ')}); give an answer that names one of them`,
        'babi-answer',
      );
    y[i] = cls;
  });
  return { x, y, n: examples.length };
}

/** The generator's vocabulary, in id order (id 0 is {@link PAD}); fixed by the settings alone. */
export function babiVocabulary(s: BabiSettings): string[] {
  const verbs = s.task === 1 ? MOVE : [...MOVE, ...TAKE, ...DROP];
  const words = [
    PAD,
    SEP,
    '.',
    '?',
    'where',
    'is',
    'the',
    ...(s.task === 3 ? ['was', 'before'] : []),
    ...verbs.flatMap(tokenize),
    ...PEOPLE.slice(0, s.people).flatMap(tokenize),
    ...PLACES.slice(0, s.places),
    ...(s.task === 1 ? [] : OBJECTS.slice(0, s.objects)),
  ];
  return [...new Set(words)];
}

/** Row length that fits the longest story these settings can produce. */
export function babiMaxLength(s: BabiSettings): number {
  const verbs = s.task === 1 ? MOVE : [...MOVE, ...TAKE, ...DROP];
  const sentence = 1 + Math.max(...verbs.map((v) => tokenize(v).length)) + 3;
  return s.storyLength * sentence + 1 + tokenize(QUESTION[s.task - 1]).length;
}

interface World {
  loc: (number | undefined)[];
  holder: (number | undefined)[];
  objLoc: (number | undefined)[];
  /** Places each object has been in, consecutive repeats removed. */
  history: number[][];
}

/**
 * One story with a question whose answer follows from its facts, or an InputError when the
 * settings make such a story (nearly) impossible.
 */
export function generateStory(rng: Rng, s: BabiSettings): StoryExample {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const ex = tryStory(rng, s);
    if (ex) return ex;
  }
  throw new InputError(
    `babi: could not generate a task-${s.task} story with at most ${s.storyLength} facts; raise storyLength/minStoryLength (task 3 needs an object carried to two places)`,
    'babi-impossible',
  );
}

function tryStory(rng: Rng, s: BabiSettings): StoryExample | undefined {
  const min = s.minStoryLength ?? Math.ceil(s.storyLength / 2);
  const length = min + rng.int(s.storyLength - min + 1);
  const w: World = {
    loc: new Array(s.people).fill(undefined),
    holder: new Array(s.objects).fill(undefined),
    objLoc: new Array(s.objects).fill(undefined),
    history: Array.from({ length: s.objects }, () => []),
  };
  const moveShare = s.task === 3 ? 0.55 : 0.5;
  const story: string[] = [];
  while (story.length < length) {
    const r = rng.next();
    const fact = s.task === 1 || r < moveShare ? move(rng, s, w) : r < moveShare + 0.3 ? take(rng, w) : drop(rng, w);
    if (fact) story.push(fact);
  }
  const q = question(rng, s, w);
  return q && { story, ...q };
}

const pick = <T>(rng: Rng, items: T[]): T => items[rng.int(items.length)];
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function move(rng: Rng, s: BabiSettings, w: World): string {
  const p = rng.int(s.people);
  const to = pick(
    rng,
    range(s.places).filter((l) => l !== w.loc[p]),
  );
  w.loc[p] = to;
  w.holder.forEach((h, o) => {
    if (h === p) carry(w, o, to);
  });
  return `${PEOPLE[p]} ${pick(rng, MOVE)} the ${PLACES[to]}.`;
}

function take(rng: Rng, w: World): string | undefined {
  const pairs: [number, number][] = [];
  w.loc.forEach((l, p) => {
    if (l === undefined) return;
    w.holder.forEach((h, o) => {
      if (h === undefined && (w.objLoc[o] === undefined || w.objLoc[o] === l)) pairs.push([p, o]);
    });
  });
  if (pairs.length === 0) return undefined;
  const [p, o] = pick(rng, pairs);
  w.holder[o] = p;
  carry(w, o, w.loc[p]!);
  return `${PEOPLE[p]} ${pick(rng, TAKE)} the ${OBJECTS[o]}.`;
}

function drop(rng: Rng, w: World): string | undefined {
  const held = range(w.holder.length).filter((o) => w.holder[o] !== undefined);
  if (held.length === 0) return undefined;
  const o = pick(rng, held);
  const p = w.holder[o]!;
  w.holder[o] = undefined;
  return `${PEOPLE[p]} ${pick(rng, DROP)} the ${OBJECTS[o]}.`;
}

function carry(w: World, o: number, place: number): void {
  w.objLoc[o] = place;
  if (w.history[o].at(-1) !== place) w.history[o].push(place);
}

function question(rng: Rng, s: BabiSettings, w: World): Omit<StoryExample, 'story'> | undefined {
  if (s.task === 1) {
    const known = range(s.people).filter((p) => w.loc[p] !== undefined);
    if (known.length === 0) return undefined;
    const p = pick(rng, known);
    return { question: `Where is ${PEOPLE[p]}?`, answer: PLACES[w.loc[p]!] };
  }
  if (s.task === 2) {
    const known = range(s.objects).filter((o) => w.objLoc[o] !== undefined);
    if (known.length === 0) return undefined;
    const o = pick(rng, known);
    return { question: `Where is the ${OBJECTS[o]}?`, answer: PLACES[w.objLoc[o]!] };
  }
  // "before the X" is only unambiguous when the object has been in X once.
  const moved = range(s.objects).filter((o) => {
    const h = w.history[o];
    return h.length >= 2 && h.indexOf(h[h.length - 1]) === h.length - 1;
  });
  if (moved.length === 0) return undefined;
  const o = pick(rng, moved);
  const h = w.history[o];
  return { question: `Where was the ${OBJECTS[o]} before the ${PLACES[h[h.length - 1]]}?`, answer: PLACES[h[h.length - 2]] };
}

/** Generates a bAbI-style dataset: seeded, with separate streams for the train and test parts. */
export function loadBabi(settings: BabiSettings, seed: number): Dataset {
  const s = babiSettings.parse(settings);
  const seqLen = s.seqLen ?? babiMaxLength(s);
  const featureNames = babiVocabulary(s);
  const vocab = new Map(featureNames.map((w, i) => [w, i]));
  const classNames = PLACES.slice(0, s.places);
  const classIndex = new Map(classNames.map((c, i) => [c, i]));
  const part = (label: string, n: number): Split => {
    const rng = new Rng(Rng.derive(seed, `babi-${label}`));
    const examples = Array.from({ length: n }, () => generateStory(rng, s));
    for (const ex of examples) {
      const need = encodedLength(ex);
      if (need > seqLen)
        throw new InputError(
          `babi: a story needs ${need} tokens but seqLen is ${seqLen}; raise seqLen or lower storyLength`,
          'babi-seqlen',
        );
    }
    return encodeStories(examples, vocab, classIndex, seqLen);
  };
  return {
    name: `babi:task${s.task}`,
    hash: createHash('sha256')
      .update(JSON.stringify({ generator: 'babi', settings: s, seed }))
      .digest('hex'),
    inputShape: [seqLen],
    inputKind: 'tokens',
    vocabSize: featureNames.length,
    featureNames,
    classNames,
    train: part('train', s.trainSize),
    test: part('test', s.testSize),
  };
}
