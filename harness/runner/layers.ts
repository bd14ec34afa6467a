import { resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/types.js';
import { loadModel } from '../engine/artifact-read.js';
import { InputError, unknownNameMessage } from '../errors.js';
import { getArch } from '../models/index.js';
import type { LoadedSuite } from '../suite/load.js';
import { LAYER_REF, type Cell } from '../suite/plan.js';

/** True for a layer that holds a kernel or an embedding matrix (what compression methods change). */
function compressible(layer: tf.layers.Layer): boolean {
  return layer.weights.some((w) => w.shape.length >= 2 && /(kernel|embeddings)$/.test(w.originalName));
}

/** Positions in `model.layers` of the layers that hold a kernel or an embedding matrix. */
export function compressibleIndices(model: tf.LayersModel): number[] {
  return model.layers.flatMap((layer, i) => (compressible(layer) ? [i] : []));
}

/**
 * The compressible layer positions of the suite's model, for `sensitivity: {layers: all}`: the
 * architecture built untrained (positions do not depend on the seed), or the loaded artifact.
 */
export async function suiteLayerIndices(suite: LoadedSuite, dataset: Dataset): Promise<number[]> {
  const { model } = suite.spec;
  const built =
    model.path !== undefined
      ? await loadModel(resolve(suite.dir, model.path))
      : getArch(model.arch!).build(dataset, suite.archSettings, suite.spec.seed);
  try {
    return compressibleIndices(built);
  } finally {
    built.dispose();
  }
}

/**
 * The cell with its layer references resolved against the original: `@i` becomes the name of the
 * i-th layer; a name must exist in the model (an InputError naming the valid layers otherwise).
 */
export function resolveLayers(cell: Cell, original: tf.LayersModel): Cell {
  if (!cell.layers) return cell;
  const names = original.layers.map((l) => l.name);
  const valid = compressibleIndices(original).map((i) => names[i]);
  const layers = cell.layers.map((ref) => {
    if (ref.startsWith(LAYER_REF)) {
      const name = names[Number(ref.slice(LAYER_REF.length))];
      if (name === undefined) {
        throw new InputError(
          `variant '${cell.variant}' (cell ${cell.id}): layer position ${ref} is outside the model's ${names.length} layers; use a position from 0 to ${names.length - 1} or one of the layer names: ${valid.join(', ')}`,
          'layer-position',
        );
      }
      return name;
    }
    if (!names.includes(ref))
      throw new InputError(`variant '${cell.variant}': sensitivity ${unknownNameMessage('layer', ref, valid)}`, 'unknown-layer');
    return ref;
  });
  return { ...cell, layers };
}
