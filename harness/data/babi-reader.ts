import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { PAD, SEP, encodeStories, encodedLength, tokenize, type StoryExample } from './babi.js';
import { stratifiedSplit, stratifiedSubset } from './split.js';
import type { Dataset } from './types.js';

/** Settings of the `babi-file` source: bAbI-format text files (e.g. `qa2_..._train.txt`). */
export const babiFileSettings = z
  .object({
    file: z.string().min(1).describe('bAbI-format file, relative to the suite file'),
    testFile: z.string().min(1).optional().describe('bAbI-format test file (default: hold out testFraction of file, per answer)'),
    testFraction: z.number().gt(0).lt(1).default(0.2).describe('share of questions held out when there is no testFile'),
    maxFacts: z.number().int().min(1).optional().describe('keep only the latest facts of each story'),
    seqLen: z
      .number()
      .int()
      .min(2)
      .max(8192)
      .optional()
      .describe('tokens per row (default: the longest example); longer stories lose their oldest sentences'),
    limit: z.number().int().positive().optional().describe('use a stratified subset of this many questions'),
  })
  .strict();
export type BabiFileSettings = z.infer<typeof babiFileSettings>;

/** A question read from a file, with the line it came from. */
export interface ReadExample extends StoryExample {
  line: number;
  /** Line numbers (as written in the file) of the supporting facts, when given. */
  supporting: number[];
}

/**
 * Parses bAbI-format text: numbered lines, a story restarting when the numbering restarts at 1,
 * questions as `question<TAB>answer<TAB>supporting ids`. Each question becomes one example whose
 * story is the facts (not questions) before it. Problems are InputErrors naming `file:line`.
 */
export function parseBabi(text: string, file: string): ReadExample[] {
  const examples: ReadExample[] = [];
  let facts: { id: number; text: string }[] = [];
  let prev = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const where = `${file}:${line}`;
    const m = /^\s*(\d+)\s+(.*)$/.exec(raw);
    if (!m)
      throw new InputError(
        `${where}: expected a line number and text (like '1 Mary moved to the bathroom.'), got '${raw.slice(0, 60)}'`,
        'babi-syntax',
      );
    const id = Number(m[1]);
    if (id === 1) facts = [];
    else if (id !== prev + 1)
      throw new InputError(
        `${where}: line number ${id} does not follow ${prev}; a story's lines are numbered 1, 2, 3, ...`,
        'babi-numbering',
      );
    prev = id;
    if (!m[2].includes('\t')) {
      facts.push({ id, text: m[2].trim() });
      return;
    }
    const [question, answer, support = ''] = m[2].split('\t').map((p) => p.trim());
    if (!question) throw new InputError(`${where}: the question before the tab is empty`, 'babi-syntax');
    if (!answer)
      throw new InputError(`${where}: the question has no answer; write 'question?<TAB>answer<TAB>supporting ids'`, 'babi-no-answer');
    const supporting = support === '' ? [] : support.split(/\s+/).map(Number);
    const bad = supporting.find((s) => !Number.isInteger(s) || !facts.some((f) => f.id === s));
    if (bad !== undefined) {
      throw new InputError(
        `${where}: supporting fact ids '${support}' must be numbers of earlier fact lines of the same story`,
        'babi-support',
      );
    }
    examples.push({ story: facts.map((f) => f.text), question, answer, line, supporting });
  });
  if (examples.length === 0)
    throw new InputError(`${file}: no questions found; bAbI question lines look like '3 Where is Mary?<TAB>bathroom<TAB>1'`, 'babi-empty');
  return examples;
}

function readText(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new InputError(`${path}: cannot read the bAbI file; check the dataset's file path (relative to the suite file)`, 'babi-missing');
  }
}

/** Reads bAbI-format files into a token {@link Dataset} (vocabulary and answers sorted). */
export function loadBabiFile(settings: BabiFileSettings, seed: number, baseDir = '.'): Dataset {
  const s = babiFileSettings.parse(settings);
  const trainPath = resolve(baseDir, s.file);
  const trainBytes = readText(trainPath);
  const testPath = s.testFile === undefined ? undefined : resolve(baseDir, s.testFile);
  const testBytes = testPath === undefined ? undefined : readText(testPath);
  const trimmed = (ex: ReadExample[]): ReadExample[] => (s.maxFacts ? ex.map((e) => ({ ...e, story: e.story.slice(-s.maxFacts!) })) : ex);
  let train = trimmed(parseBabi(trainBytes.toString('utf8'), trainPath));
  let test = testBytes ? trimmed(parseBabi(testBytes.toString('utf8'), testPath!)) : [];

  const classNames = [...new Set([...train, ...test].map((e) => e.answer))].sort();
  const classIndex = new Map(classNames.map((c, i) => [c, i]));
  if (!testBytes) {
    const labels = train.map((e) => classIndex.get(e.answer)!);
    const split = stratifiedSplit(labels, s.testFraction, seed);
    [train, test] = [split.train.map((r) => train[r]), split.test.map((r) => train[r])];
  }
  if (s.limit) {
    const keepTrain = Math.round(s.limit * (1 - s.testFraction));
    const pick = (ex: ReadExample[], n: number): ReadExample[] => {
      const labels = ex.map((e) => classIndex.get(e.answer)!);
      return stratifiedSubset(
        ex.map((_, i) => i),
        labels,
        n,
        seed,
      ).map((i) => ex[i]);
    };
    [train, test] = [pick(train, keepTrain), pick(test, s.limit - keepTrain)];
  }

  const words = new Set<string>();
  for (const e of [...train, ...test]) for (const w of [...e.story, e.question].flatMap(tokenize)) words.add(w);
  words.delete(PAD);
  words.delete(SEP);
  const featureNames = [PAD, SEP, ...[...words].sort()];
  const vocab = new Map(featureNames.map((w, i) => [w, i]));
  const seqLen = s.seqLen ?? [...train, ...test].reduce((m, e) => Math.max(m, encodedLength(e)), 0);
  for (const [ex, path] of [
    [train, trainPath],
    [test, testPath ?? trainPath],
  ] as const) {
    const tooLong = ex.find((e) => tokenize(e.question).length + 1 > seqLen);
    if (tooLong)
      throw new InputError(
        `${path}:${tooLong.line}: the question needs ${tokenize(tooLong.question).length + 1} tokens but seqLen is ${seqLen}; raise seqLen`,
        'babi-seqlen',
      );
  }
  const hash = createHash('sha256');
  hash.update(trainBytes);
  if (testBytes) hash.update(testBytes);
  hash.update(JSON.stringify({ ...s, file: undefined, testFile: undefined, seed }));
  return {
    name: `babi-file:${s.file}`,
    hash: hash.digest('hex'),
    inputShape: [seqLen],
    inputKind: 'tokens',
    vocabSize: featureNames.length,
    featureNames,
    classNames,
    train: encodeStories(train, vocab, classIndex, seqLen),
    test: encodeStories(test, vocab, classIndex, seqLen),
  };
}
