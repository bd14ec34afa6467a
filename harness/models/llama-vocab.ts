/**
 * The character-level vocabulary of slimbench's llama model, laid out as a SentencePiece (SPM)
 * vocabulary that llama.cpp tokenizes the same way: the specials, the 256 byte-fallback tokens
 * `<0x00>`..`<0xFF>`, then one token per character (space written as `▁`, U+2581). With no
 * multi-character pieces, SPM's pairwise merges never fire, so llama.cpp's tokenizer yields
 * exactly one token per character, as {@link encodeChars} does. tfjs-free.
 */

/** SentencePiece's visible space. */
export const SPM_SPACE = '\u2581';

/** llama.cpp token types (llama_token_type). */
export const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, userDefined: 4, unused: 5, byte: 6 } as const;

/** A vocabulary: pieces with SPM scores and llama.cpp token types, and the special ids. */
export interface CharVocab {
  tokens: string[];
  scores: number[];
  types: number[];
  unk: number;
  bos: number;
  eos: number;
  pad: number;
  /** Id of each character (space as ' '). */
  charIds: Map<string, number>;
}

/** The characters of slimbench's reasoning prompts: digits, operators, brackets, punctuation, letters. */
export const REASONING_CHARS: readonly string[] = [
  ...' 0123456789+-*=()[]:;,.?',
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ...'abcdefghijklmnopqrstuvwxyz',
];

const SPECIALS = ['<unk>', '<s>', '</s>', '<pad>'];

/** The vocabulary over `chars` (distinct characters; a space among them becomes `▁`). */
export function charVocab(chars: readonly string[]): CharVocab {
  const distinct = [...new Set(chars)];
  if (distinct.some((c) => [...c].length !== 1)) throw new Error('charVocab takes single characters');
  const bytes = Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
  const pieces = distinct.map((c) => (c === ' ' ? SPM_SPACE : c));
  const tokens = [...SPECIALS, ...bytes, ...pieces];
  const types = [
    TOKEN_TYPE.unknown,
    TOKEN_TYPE.control,
    TOKEN_TYPE.control,
    TOKEN_TYPE.control,
    ...bytes.map(() => TOKEN_TYPE.byte),
    ...pieces.map(() => TOKEN_TYPE.normal),
  ];
  const first = SPECIALS.length + bytes.length;
  const scores = tokens.map((_, i) => (i < first ? 0 : -(i - first)));
  const charIds = new Map(distinct.map((c, i) => [c, first + i]));
  return { tokens, scores, types, unk: 0, bos: 1, eos: 2, pad: 3, charIds };
}

/** Token ids of `text`, one per character; a character outside the vocabulary throws. */
export function encodeChars(vocab: CharVocab, text: string): number[] {
  return [...text].map((c) => {
    const id = vocab.charIds.get(c);
    if (id === undefined) throw new Error(`character ${JSON.stringify(c)} is not in the vocabulary`);
    return id;
  });
}

/** The text of `ids` (specials dropped, `▁` read as a space). */
export function decodeChars(vocab: CharVocab, ids: readonly number[]): string {
  return ids
    .filter((id) => vocab.types[id] === TOKEN_TYPE.normal)
    .map((id) => vocab.tokens[id].replaceAll(SPM_SPACE, ' '))
    .join('');
}
