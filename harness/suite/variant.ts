import type { YamlPath } from './locate.js';
import type { VariantSpec } from './schema.js';

/** What a variant compresses with, wherever the suite wrote it (top level or `sensitivity`). */
export interface VariantBody {
  method: string;
  settings: Record<string, unknown>;
  /** Path of `settings` in the suite file, for error locations. */
  settingsPath: YamlPath;
  /** Path of `method` in the suite file. */
  methodPath: YamlPath;
}

/** The method and settings of variant `index`, from `sensitivity` when it has one. */
export function variantBody(v: VariantSpec, index: number): VariantBody {
  if (v.sensitivity) {
    return {
      method: v.sensitivity.method,
      settings: v.sensitivity.settings,
      settingsPath: ['variants', index, 'sensitivity', 'settings'],
      methodPath: ['variants', index, 'sensitivity', 'method'],
    };
  }
  return {
    method: v.method ?? '',
    settings: v.settings,
    settingsPath: ['variants', index, 'settings'],
    methodPath: ['variants', index, 'method'],
  };
}
