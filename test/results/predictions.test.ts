import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { expectInputErrorCode, inputError } from '../helpers/errors.js';
import { evaluatePredictions } from '../../harness/measure/evaluate.js';
import { readLabels, readPredictions, recordDirOfArtifactRoot, writeLabels, writePredictions } from '../../harness/results/predictions.js';
import type { CellRecord, RunRecord } from '../../harness/results/record.js';

const y = Int32Array.from([0, 1, 2, 1, 0]);
const predicted = Int32Array.from([0, 1, 1, 1, 2]);
const probs = Float32Array.from([0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.3, 0.6, 0.1, 0.1, 0.5, 0.4, 0.2, 0.2, 0.6]);

function cellWith(ref: CellRecord['predictions']): CellRecord {
  return { id: 'v', variant: 'v', method: 'prune', settings: {}, seed: 1, reference: false, status: 'ok', predictions: ref };
}

describe('stored predictions', () => {
  let dir: string;
  let recordPath: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slimbench-pred-'));
    recordPath = join(dir, 'run.json');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back exactly the classes and probabilities written', () => {
    const ref = writePredictions(dir, 3, predicted, probs);
    const back = readPredictions(recordPath, cellWith(ref));
    expect(back.classes).to.equal(3);
    expect(Array.from(back.predicted)).to.deep.equal(Array.from(predicted));
    expect(Array.from(back.probs!)).to.deep.equal(Array.from(probs));
  });

  it('names the file by the sha256 of its bytes, so equal predictions share one file', async () => {
    const a = writePredictions(dir, 3, predicted, probs);
    const b = writePredictions(dir, 3, Int32Array.from(predicted), Float32Array.from(probs));
    expect(a).to.deep.equal(b);
    expect(a.file).to.equal(`predictions/${a.sha256}.json`);
    expect(await readdir(join(dir, 'predictions'))).to.have.length(1);
  });

  it('rejects a file whose bytes no longer match the recorded hash', async () => {
    const ref = writePredictions(dir, 3, predicted);
    const path = join(dir, ref.file);
    await writeFile(path, (await readFile(path, 'utf8')).replace('[0,1,1,1,2]', '[0,1,1,1,1]'));
    try {
      readPredictions(recordPath, cellWith(ref));
      expect.fail('a changed file was accepted');
    } catch (err) {
      expectInputErrorCode(err, 'predictions-hash');
      expect((err as Error).message).to.contain(path).and.contain('sha256');
    }
  });

  it('names the cell when it has no stored predictions', () => {
    expect(inputError(() => readPredictions(recordPath, cellWith(undefined)), 'predictions-missing').message).to.match(/cell 'v' has no stored predictions/);
  });

  it('recomputes the same figures from stored labels and predictions', () => {
    const labels = writeLabels(dir, 3, y);
    const ref = writePredictions(dir, 3, predicted, probs);
    const record = { dataset: { name: 'd', hash: 'h', trainRows: 10, testRows: 5, classNames: ['a', 'b', 'c'], labels } } as unknown as RunRecord;
    const storedY = readLabels(recordPath, record);
    const stored = readPredictions(recordPath, cellWith(ref));
    const settings = { ciLevel: 0.95, resamples: 200, seed: 2, topK: 2 };
    const live = evaluatePredictions(y, { predicted, probs }, 3, settings);
    const again = evaluatePredictions(storedY, stored, 3, settings);
    expect(again.quality).to.deep.equal(live.quality);
    expect(again.confusion).to.deep.equal(live.confusion);
  });

  it('places the predictions folder beside the run records of an artifact root', () => {
    expect(recordDirOfArtifactRoot('/out/suite/artifacts/run-1')).to.equal('/out/suite');
  });
});
