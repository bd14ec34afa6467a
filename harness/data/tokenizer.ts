import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';

/** Text to token ids, as a vocabulary file or a HuggingFace `tokenizer.json` defines it. */
export interface Tokenizer {
  /** Token text by id. */
  vocab: string[];
  padId: number;
  /** Ids of one text, special tokens included, at most `maxLength` long; `where` names the row in errors. */
  encode(text: string, maxLength: number, where: string): number[];
}

const UNK_NAMES = ['[UNK]', '<unk>', '<UNK>', 'UNK'];
const PAD_NAMES = ['[PAD]', '<pad>', '<PAD>', 'PAD'];
const isPunct = (ch: string) => /[\p{P}\p{S}]/u.test(ch);

type Normalize = (t: string) => string;
type PreTokenize = (t: string) => string[];

/** A tokenizer from a vocabulary file (one token per line, id = line number − 1) or a `tokenizer.json`. */
export function readTokenizer(path: string, lowercase: boolean): Tokenizer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(
      `${path}: cannot read the vocabulary; check the dataset's 'vocab' path (relative to the suite file)`,
      'vocab-missing',
    );
  }
  if (/\.json$/i.test(path)) return fromTokenizerJson(path, text);
  const vocab = text.split(/\r?\n/);
  while (vocab.length > 0 && vocab[vocab.length - 1] === '') vocab.pop();
  if (vocab.length === 0) throw new InputError(`${path}: the vocabulary file is empty; write one token per line`, 'vocab-empty');
  const wordPiece = vocab.some((t) => t.startsWith('##'));
  const norm: Normalize = lowercase ? (t) => t.toLowerCase() : (t) => t;
  return build(path, vocab, norm, bertPreTokenize, wordPiece ? { prefix: '##', maxChars: 100 } : undefined, [], []);
}

function bertPreTokenize(t: string): string[] {
  const out: string[] = [];
  for (const word of t.split(/\s+/).filter(Boolean)) {
    let cur = '';
    for (const ch of word) {
      if (isPunct(ch)) {
        if (cur) out.push(cur);
        out.push(ch);
        cur = '';
      } else cur += ch;
    }
    if (cur) out.push(cur);
  }
  return out;
}

function build(
  path: string,
  vocab: string[],
  normalize: Normalize,
  preTokenize: PreTokenize,
  wordPiece: { prefix: string; maxChars: number } | undefined,
  before: string[],
  after: string[],
  unkToken?: string,
  padToken?: string,
): Tokenizer {
  const ids = new Map(vocab.map((t, i) => [t, i]));
  const special = (names: string[], given?: string) =>
    given !== undefined ? ids.get(given) : names.map((n) => ids.get(n)).find((i) => i !== undefined);
  const unk = special(UNK_NAMES, unkToken);
  const pad = special(PAD_NAMES, padToken) ?? 0;
  const unkFor = (word: string, where: string) => {
    if (unk !== undefined) return unk;
    throw new InputError(
      `${where}: the token '${word}' is not in the vocabulary ${path}, which has no unknown token; add a line '[UNK]' to it`,
      'vocab-unknown-token',
    );
  };
  const idOf = (t: string, where: string) => ids.get(t) ?? unkFor(t, where);
  const pieces = (word: string, where: string): number[] => {
    if (!wordPiece) return [idOf(word, where)];
    if ([...word].length > wordPiece.maxChars) return [unkFor(word, where)];
    const out: number[] = [];
    let start = 0;
    while (start < word.length) {
      let end = word.length;
      let found: number | undefined;
      while (end > start) {
        const sub = (start > 0 ? wordPiece.prefix : '') + word.slice(start, end);
        found = ids.get(sub);
        if (found !== undefined) break;
        end--;
      }
      if (found === undefined) return [unkFor(word, where)];
      out.push(found);
      start = end;
    }
    return out;
  };
  const specials = (tokens: string[]) =>
    tokens.map((t) => {
      const id = ids.get(t);
      if (id === undefined)
        throw new InputError(
          `${path}: the special token '${t}' of the post-processor is not in the vocabulary; fix the tokenizer file`,
          'vocab-bad-tokenizer',
        );
      return id;
    });
  const head = specials(before);
  const tail = specials(after);
  return {
    vocab,
    padId: pad,
    encode(text, maxLength, where) {
      const body = preTokenize(normalize(text)).flatMap((w) => pieces(w, where));
      const room = Math.max(0, maxLength - head.length - tail.length);
      return [...head, ...body.slice(0, room), ...tail].slice(0, maxLength);
    },
  };
}

interface TokenizerJson {
  normalizer?: { type: string; lowercase?: boolean; strip_accents?: boolean | null; normalizers?: TokenizerJson['normalizer'][] } | null;
  pre_tokenizer?: { type: string; pretokenizers?: TokenizerJson['pre_tokenizer'][] } | null;
  post_processor?: {
    type: string;
    cls?: [string, number];
    sep?: [string, number];
    single?: ({ SpecialToken?: { id: string } } | { Sequence?: unknown })[];
  } | null;
  padding?: { pad_token?: string } | null;
  model?: {
    type: string;
    vocab?: Record<string, number>;
    unk_token?: string;
    continuing_subword_prefix?: string;
    max_input_chars_per_word?: number;
  };
}

function fromTokenizerJson(path: string, text: string): Tokenizer {
  let json: TokenizerJson;
  try {
    json = JSON.parse(text) as TokenizerJson;
  } catch (err) {
    throw new InputError(
      `${path}: not valid JSON (${(err as Error).message}); give a HuggingFace tokenizer.json or a vocabulary file with one token per line`,
      'vocab-bad-tokenizer',
    );
  }
  const model = json.model;
  if (!model || (model.type !== 'WordLevel' && model.type !== 'WordPiece') || typeof model.vocab !== 'object') {
    throw new InputError(
      `${path}: model.type '${model?.type}' is not supported; WordLevel and WordPiece tokenizers (with a model.vocab map) are — export one of those, or give a vocabulary file`,
      'vocab-bad-tokenizer',
    );
  }
  const vocab: string[] = [];
  for (const [token, id] of Object.entries(model.vocab)) vocab[id] = token;
  const fail = (what: string, type: string) =>
    new InputError(
      `${path}: ${what} '${type}' is not supported; supported: ${what === 'normalizer' ? 'BertNormalizer, Lowercase, NFC, NFD, NFKC, NFKD, StripAccents, Sequence' : 'BertPreTokenizer, Whitespace, WhitespaceSplit, Sequence'}`,
      'vocab-bad-tokenizer',
    );
  const normalizer = (n: TokenizerJson['normalizer']): Normalize => {
    if (!n) return (t) => t;
    const stripAccents: Normalize = (t) => t.normalize('NFD').replace(/\p{Mn}/gu, '');
    switch (n.type) {
      case 'BertNormalizer':
        return (t) => {
          const lower = n.lowercase !== false ? t.toLowerCase() : t;
          return (n.strip_accents ?? n.lowercase !== false) ? stripAccents(lower) : lower;
        };
      case 'Lowercase':
        return (t) => t.toLowerCase();
      case 'StripAccents':
        return stripAccents;
      case 'NFC':
      case 'NFD':
      case 'NFKC':
      case 'NFKD':
        return (t) => t.normalize(n.type as 'NFC');
      case 'Sequence': {
        const steps = (n.normalizers ?? []).map(normalizer);
        return (t) => steps.reduce((s, f) => f(s), t);
      }
      default:
        throw fail('normalizer', n.type);
    }
  };
  const preTokenizer = (p: TokenizerJson['pre_tokenizer']): PreTokenize => {
    if (!p) return (t) => [t];
    switch (p.type) {
      case 'BertPreTokenizer':
        return bertPreTokenize;
      case 'Whitespace':
        return (t) => t.match(/\w+|[^\w\s]+/gu) ?? [];
      case 'WhitespaceSplit':
        return (t) => t.split(/\s+/).filter(Boolean);
      case 'Sequence': {
        const steps = (p.pretokenizers ?? []).map(preTokenizer);
        return (t) => steps.reduce<string[]>((words, f) => words.flatMap(f), [t]);
      }
      default:
        throw fail('pre_tokenizer', p.type);
    }
  };
  const [before, after] = postProcessor(json.post_processor);
  const wordPiece =
    model.type === 'WordPiece'
      ? { prefix: model.continuing_subword_prefix ?? '##', maxChars: model.max_input_chars_per_word ?? 100 }
      : undefined;
  return build(
    path,
    vocab,
    normalizer(json.normalizer),
    preTokenizer(json.pre_tokenizer),
    wordPiece,
    before,
    after,
    model.unk_token,
    json.padding?.pad_token,
  );
}

/** Special tokens a single sequence gets before and after it (BertProcessing or TemplateProcessing). */
function postProcessor(p: TokenizerJson['post_processor']): [string[], string[]] {
  if (!p) return [[], []];
  if (p.type === 'BertProcessing') return [[p.cls![0]], [p.sep![0]]];
  if (p.type === 'TemplateProcessing') {
    const before: string[] = [];
    const after: string[] = [];
    let seen = false;
    for (const piece of p.single ?? []) {
      if ('Sequence' in piece) seen = true;
      else if ('SpecialToken' in piece && piece.SpecialToken) (seen ? after : before).push(piece.SpecialToken.id);
    }
    return [before, after];
  }
  return [[], []];
}
