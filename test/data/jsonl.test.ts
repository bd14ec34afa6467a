import { expect } from 'chai';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonlSettings, loadJsonl } from '../../harness/data/jsonl.js';
import { readTokenizer } from '../../harness/data/tokenizer.js';
import { inputError } from '../helpers/errors.js';
import { fixture } from '../helpers/paths.js';

const dir = fixture('jsonl');
const tokenizer = (file: string) => readTokenizer(`${dir}/${file}`, true);
const load = (extra: Record<string, unknown>) =>
  loadJsonl(jsonlSettings.parse({ file: 'reviews.jsonl', vocab: 'vocab.txt', maxLength: 8, testFraction: 0.25, ...extra }), 1, dir);

describe('data/jsonl', () => {
  it('looks words and punctuation up in a vocabulary file, lower-cased', () => {
    expect(tokenizer('vocab.txt').encode('Great film, loved it!', 8, 'w')).to.deep.equal([4, 5, 6, 7, 8, 9]);
  });

  it("splits words into '##' pieces when the vocabulary has them", () => {
    expect(tokenizer('vocab.txt').encode('Unwatchable: terrible!', 8, 'w')).to.deep.equal([17, 18, 19, 20, 10, 9]);
  });

  it('maps a word with no pieces to the unknown token', () => {
    expect(tokenizer('vocab.txt').encode('the film was bad', 8, 'w')).to.deep.equal([16, 5, 1, 13]);
  });

  it("adds a WordPiece tokenizer.json's [CLS] and [SEP] and keeps them when cutting", () => {
    const tok = tokenizer('tokenizer-wordpiece.json');
    expect(tok.encode('bad film', 8, 'w')).to.deep.equal([2, 13, 5, 3]);
    expect(tok.encode('Great film, loved it!', 4, 'w')).to.deep.equal([2, 4, 5, 3]);
  });

  it('reads a WordLevel tokenizer.json with its Whitespace pre-tokenizer and unknown token', () => {
    expect(tokenizer('tokenizer-wordlevel.json').encode('Great film, loved it!', 8, 'w')).to.deep.equal([2, 3, 1, 4, 1, 1]);
  });

  it('rejects a tokenizer model it cannot run, naming the supported ones', () => {
    expect(inputError(() => tokenizer('tokenizer-bpe.json'), 'vocab-bad-tokenizer').message).to.match(
      /tokenizer-bpe\.json: model\.type 'BPE' is not supported; WordLevel and WordPiece/,
    );
  });

  it('pads every row to maxLength with the pad token and cuts longer texts', () => {
    const ds = load({ maxLength: 5 });
    expect(ds.inputShape).to.deep.equal([5]);
    expect(ds.inputKind).to.equal('tokens');
    expect(ds.vocabSize).to.equal(22);
    const rows = [ds.train, ds.test].flatMap((s) => Array.from({ length: s.n }, (_, i) => Array.from(s.x.subarray(i * 5, i * 5 + 5))));
    expect(rows).to.deep.include([13, 5, 0, 0, 0]); // "bad film"
    expect(rows).to.deep.include([16, 5, 1, 13, 6]); // "the film was bad, ..." cut to 5
  });

  it('reads the label field into sorted classes', () => {
    const ds = load({ label: 'label' });
    expect(ds.classNames).to.deep.equal(['neg', 'pos']);
    expect(ds.train.n + ds.test.n).to.equal(8);
  });

  it('is label-free without a label field', () => {
    expect(load({}).labeled).to.equal(false);
  });

  it('rejects a line that is not JSON, naming the line', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'slimbench-jsonl-'));
    writeFileSync(join(tmp, 'bad.jsonl'), '{"text": "ok"}\n{"text": oops}\n');
    const err = inputError(
      () => loadJsonl(jsonlSettings.parse({ file: join(tmp, 'bad.jsonl'), vocab: `${dir}/vocab.txt`, maxLength: 4 }), 1),
      'jsonl-syntax',
    );
    expect(err.message).to.match(/bad\.jsonl:2: not valid JSON/);
  });

  it('rejects a row without the text field, listing the fields found', () => {
    expect(inputError(() => load({ text: 'review' }), 'jsonl-no-text').message).to.match(
      /reviews\.jsonl:1: field 'review' is missing; fields found: text, label/,
    );
  });

  it('rejects an unknown word when the vocabulary has no unknown token', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'slimbench-vocab-'));
    writeFileSync(join(tmp, 'vocab.txt'), 'bad\nfilm\n');
    expect(
      inputError(() => readTokenizer(join(tmp, 'vocab.txt'), true).encode('good film', 4, 'r.jsonl:3'), 'vocab-unknown-token').message,
    ).to.match(/r\.jsonl:3: the token 'good' is not in the vocabulary .*add a line '\[UNK\]'/);
  });
});
