/* eslint-disable no-control-regex -- the ANSI escapes of the progress line are what these tests check */
import { expect } from 'chai';
import { formatSeconds, Progress } from '../../harness/runner/progress.js';

const sink = (isTTY: boolean) => {
  const out: string[] = [];
  return { out, write: (t: string) => out.push(t), isTTY, columns: 80 };
};

describe('runner/progress', () => {
  it('prints one plain line per finished cell when not on a terminal', () => {
    const s = sink(false);
    const p = new Progress(s, 2, 2);
    p.start('a');
    p.finish('a', 1, 'accuracy 90%', false);
    p.finish('b', 1, 'accuracy 80%', true);
    expect(s.out.every((l) => l.endsWith('\n') && !l.includes('\r'))).to.equal(true);
    expect(s.out[0]).to.match(/^\[1\/2\] a: accuracy 90% \(\d+\.\d s\), ETA \d+ s\n$/);
    expect(s.out[1]).to.equal('[2/2] b: cached, accuracy 80%\n');
  });

  it('keeps a live status line under the scrolling lines on a terminal', () => {
    const s = sink(true);
    const p = new Progress(s, 3, 3);
    p.start('cell-a');
    expect(s.out.at(-1)).to.match(/^\r\x1b\[2K\[0\/3\] · running cell-a$/);
    p.log('epoch 1');
    expect(s.out.slice(-3)).to.deep.equal(['\r\x1b[2K', 'epoch 1\n', '\r\x1b[2K[0/3] · running cell-a']);
    p.finish('cell-a', 1, 'ok', false);
    expect(s.out.at(-1)).to.match(/^\r\x1b\[2K\[1\/3\] · ETA \d+ s$/);
    p.end();
    expect(s.out.at(-1)).to.equal('\r\x1b[2K');
  });

  it('estimates the time left from the cost of the cells computed so far', () => {
    const p = new Progress(sink(false), 3, 4);
    expect(p.etaSeconds()).to.equal(undefined);
    p.finish('cached', 1, '', true);
    expect(p.etaSeconds()).to.equal(undefined);
  });

  it('formats durations for people', () => {
    expect(formatSeconds(42)).to.equal('42 s');
    expect(formatSeconds(185)).to.equal('3 min 5 s');
    expect(formatSeconds(3720)).to.equal('1 h 2 min');
  });
});
