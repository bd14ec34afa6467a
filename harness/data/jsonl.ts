import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { indexLabels, splitRows } from './assemble.js';
import { readTokenizer } from './tokenizer.js';
import type { Dataset } from './types.js';

/** Settings of the `jsonl` source: one JSON object per line with a text field and an optional label field. */
export const jsonlSettings = z
  .object({
    file: z.string().min(1).describe('JSON Lines file, relative to the suite file'),
    text: z.string().min(1).default('text').describe('field holding the text'),
    label: z.string().min(1).optional().describe('field holding the class label; leave out for label-free evaluation'),
    vocab: z
      .string()
      .min(1)
      .describe(
        "a vocabulary file (one token per line; '##' pieces make it WordPiece) or a HuggingFace tokenizer.json (WordLevel or WordPiece)",
      ),
    maxLength: z.number().int().min(1).max(4096).describe('token ids per row: longer texts are cut, shorter ones padded'),
    lowercase: z
      .boolean()
      .default(true)
      .describe('lower-case texts before looking tokens up (vocabulary files; a tokenizer.json has its own normalizer)'),
    testFraction: z.number().gt(0).lt(1).default(0.2).describe('share of rows held out for testing, per class'),
    limit: z.number().int().positive().optional().describe('use a stratified subset of this many rows'),
  })
  .strict();
export type JsonlSettings = z.infer<typeof jsonlSettings>;

/** Loads JSON Lines texts as token-id rows of length `maxLength` (padded with the pad token, or id 0). */
export function loadJsonl(settings: JsonlSettings, seed: number, baseDir = '.'): Dataset {
  const s = jsonlSettings.parse(settings);
  const path = resolve(baseDir, s.file);
  const vocabPath = resolve(baseDir, s.vocab);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new InputError(
      `${path}: cannot read the JSON Lines file; check the dataset 'file' path (relative to the suite file)`,
      'jsonl-missing',
    );
  }
  const tok = readTokenizer(vocabPath, s.lowercase);
  const rows: number[][] = [];
  const labels: string[] = [];
  bytes
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const where = `${path}:${i + 1}`;
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch (err) {
        throw new InputError(`${where}: not valid JSON (${(err as Error).message}); write one JSON object per line`, 'jsonl-syntax');
      }
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
        throw new InputError(`${where}: not a JSON object; write one object per line, e.g. {"${s.text}": "..."}`, 'jsonl-syntax');
      const rec = obj as Record<string, unknown>;
      const text = rec[s.text];
      if (typeof text !== 'string') {
        throw new InputError(
          `${where}: field '${s.text}' is ${text === undefined ? 'missing' : `a ${typeof text}, not a string`}; fields found: ${Object.keys(rec).join(', ')} — set the dataset's 'text' to the text field`,
          'jsonl-no-text',
        );
      }
      if (s.label !== undefined) {
        const label = rec[s.label];
        if (typeof label !== 'string' && typeof label !== 'number' && typeof label !== 'boolean') {
          throw new InputError(
            `${where}: field '${s.label}' (the label) is ${label === undefined ? 'missing' : 'not a string or number'}; every row needs a label, or leave 'label' out for label-free evaluation`,
            'jsonl-no-label',
          );
        }
        labels.push(String(label));
      }
      rows.push(tok.encode(text, s.maxLength, where));
    });
  if (rows.length === 0) throw new InputError(`${path}: no rows; write one JSON object per line`, 'jsonl-empty');
  const x = new Float32Array(rows.length * s.maxLength).fill(tok.padId);
  rows.forEach((r, i) => x.set(r, i * s.maxLength));
  const labelled = s.label !== undefined ? indexLabels(labels) : undefined;
  const { train, test } = splitRows({ x, n: rows.length, width: s.maxLength, y: labelled?.y }, s.testFraction, seed, s.limit);
  return {
    name: `jsonl:${s.file}`,
    hash: createHash('sha256')
      .update(bytes)
      .update(readFileSync(vocabPath))
      .update(JSON.stringify({ ...s, file: undefined, vocab: undefined, seed }))
      .digest('hex'),
    inputShape: [s.maxLength],
    inputKind: 'tokens',
    vocabSize: tok.vocab.length,
    featureNames: tok.vocab.map((t, i) => t ?? `id${i}`),
    classNames: labelled?.classNames ?? [],
    ...(labelled ? {} : { labeled: false as const }),
    train,
    test,
  };
}
