import { getMethodSpec } from '../methods/specs.js';
import type { TrainSettings } from '../models/train-settings.js';
import type { Cell } from './cell.js';

/** The variant name of control cells. */
export const CONTROL = 'control';

/** One phase of training beyond the original: epochs at one Adam learning rate. */
export interface TrainingPhase {
  epochs: number;
  learningRate: number;
}

type Settings = Record<string, unknown>;
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Fine-tuning of `prune`, `prune-structured` and pipelines: the original's rate / 10 unless set. */
function fineTunePhase(s: Settings, train: TrainSettings): TrainingPhase[] {
  const epochs = num(s.fineTuneEpochs) ?? 0;
  return epochs > 0 ? [{ epochs, learningRate: num(s.fineTuneLearningRate) ?? train.learningRate / 10 }] : [];
}

/**
 * The training a variant does beyond the original, phase by phase, read from its method's
 * settings: fine-tuning after pruning (one-shot or gradual), low-rank fine-tuning (at the
 * original's rate), and every step's and between-step fine-tuning of a pipeline. Methods that
 * train a new model from fresh weights (distillation, feature selection) add none.
 */
export function extraTraining(method: string, settings: Settings, train: TrainSettings): TrainingPhase[] {
  switch (method) {
    case 'prune':
    case 'prune-structured':
      return fineTunePhase(settings, train);
    case 'lowrank': {
      const epochs = num(settings.fineTuneEpochs) ?? 0;
      return epochs > 0 ? [{ epochs, learningRate: train.learningRate }] : [];
    }
    case 'pipeline': {
      const steps = (settings.steps as { method: string; settings?: Settings }[] | undefined) ?? [];
      const between = fineTunePhase(settings, train);
      return steps.flatMap((step, i) => [
        ...extraTraining(step.method, getMethodSpec(step.method).settings.parse(step.settings ?? {}) as Settings, train),
        ...(i < steps.length - 1 ? between : []),
      ]);
    }
    default:
      return [];
  }
}

/** Consecutive phases at the same rate joined into one (the same optimizer settings throughout). */
export function mergePhases(phases: readonly TrainingPhase[]): TrainingPhase[] {
  const out: TrainingPhase[] = [];
  for (const p of phases) {
    const last = out[out.length - 1];
    if (last && last.learningRate === p.learningRate) last.epochs += p.epochs;
    else out.push({ ...p });
  }
  return out;
}

/** Methods whose output is a structurally smaller model of the original's kind, with the same inputs. */
const STRUCTURAL = new Set(['prune-structured']);

const FINE_TUNE_KEYS = new Set(['fineTuneEpochs', 'fineTuneLearningRate']);

/** A planned control: its id part, method and settings, and the variant cells it controls. */
interface ControlDraft {
  label: string;
  method: 'fine-tune' | 'from-scratch';
  settings: Settings;
  key: string;
  of: Cell[];
}

/**
 * The control cells of one seed's variant cells (suite `controls: auto`), each shared by every
 * cell with the same budget, and every variant cell with `controls` naming its controls:
 * `control[fineTune=E]` (the original trained E more epochs at the variant's rate and batch
 * size) for a variant that trains beyond the original, and `control[scratch=<variant>,<point>]`
 * (its architecture trained from fresh weights for the original's epochs plus the variant's
 * extra ones) for a structurally smaller model. `scratch: false` (a loaded original, whose own
 * training is unknown) leaves the from-scratch controls out. `tag` is the seed's id suffix.
 */
export function controlCells(
  variants: readonly Cell[],
  train: TrainSettings,
  tag: string,
  scratch: boolean,
): { controls: Cell[]; variants: Cell[] } {
  const drafts = new Map<string, ControlDraft>();
  const add = (cell: Cell, d: Omit<ControlDraft, 'of'>) => {
    const have = drafts.get(d.key);
    if (have) have.of.push(cell);
    else drafts.set(d.key, { ...d, of: [cell] });
  };
  for (const cell of variants) {
    const phases = mergePhases(extraTraining(cell.method, cell.settings, train));
    const extra = phases.reduce((a, p) => a + p.epochs, 0);
    if (extra > 0) add(cell, { label: '', method: 'fine-tune', settings: { phases }, key: `fine-tune:${JSON.stringify(phases)}` });
    if (scratch && STRUCTURAL.has(cell.method) && !cell.layers) {
      const structure = {
        method: cell.method,
        settings: Object.fromEntries(Object.entries(cell.settings).filter(([k]) => !FINE_TUNE_KEYS.has(k))),
      };
      const settings = { structure, epochs: train.epochs + extra };
      const point = cell.id.slice(cell.variant.length, cell.id.length - tag.length).replace(/^\[|\]$/g, '');
      add(cell, {
        label: `scratch=${cell.variant}${point ? `,${point}` : ''}`,
        method: 'from-scratch',
        settings,
        key: `from-scratch:${JSON.stringify(settings)}`,
      });
    }
  }
  const budgets = [...drafts.values()].filter((d) => d.method === 'fine-tune');
  const epochsLabel = (d: ControlDraft) => (d.settings.phases as TrainingPhase[]).map((p) => p.epochs).join('+');
  for (const d of budgets) {
    const clash = budgets.some((o) => o !== d && epochsLabel(o) === epochsLabel(d));
    const rates = (d.settings.phases as TrainingPhase[]).map((p) => Number(p.learningRate.toPrecision(6))).join('+');
    d.label = `fineTune=${epochsLabel(d)}${clash ? `,lr=${rates}` : ''}`;
  }
  const links = new Map<string, string[]>();
  const controls = [...drafts.values()].map((d): Cell => {
    const id = `${CONTROL}[${d.label}]${tag}`;
    for (const c of d.of) links.set(c.id, [...(links.get(c.id) ?? []), id]);
    return {
      id,
      variant: CONTROL,
      method: d.method,
      settings: d.settings,
      seed: variants[0]?.seed ?? 0,
      reference: false,
      role: 'control',
    };
  });
  return { controls, variants: variants.map((c) => (links.has(c.id) ? { ...c, controls: links.get(c.id) } : c)) };
}
