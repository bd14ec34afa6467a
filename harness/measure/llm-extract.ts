import type { AnswerRule } from '../data/llm-task-settings.js';

/** Escapes a string for use inside a RegExp. */
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The completion's first line, trimmed, with one trailing period removed. */
function firstLine(completion: string): string {
  return completion.trimStart().split('\n')[0].trim().replace(/\.$/, '');
}

/**
 * The answer a completion gives under a task's rule, or null when it gives none:
 * `exact` the first line; `first-integer` the first integer (as its canonical decimal, so `007`
 * reads as `7`); `choice` the choice that appears earliest as a whole word (case-insensitive,
 * returned as written in the choices, longest first on ties); `{regex}` its first group, else
 * the whole match.
 */
export function extractAnswer(completion: string, rule: AnswerRule, choices: readonly string[] = []): string | null {
  if (rule === 'exact') {
    const line = firstLine(completion);
    return line === '' ? null : line;
  }
  if (rule === 'first-integer') {
    const m = /-?\d+/.exec(completion);
    return m ? String(Number(m[0])) : null;
  }
  if (rule === 'choice') {
    let best: { at: number; choice: string } | null = null;
    for (const choice of choices) {
      const m = new RegExp(`(?<![\\p{L}\\p{N}])${escape(choice)}(?![\\p{L}\\p{N}])`, 'iu').exec(completion);
      if (m && (!best || m.index < best.at || (m.index === best.at && choice.length > best.choice.length))) best = { at: m.index, choice };
    }
    return best ? best.choice : null;
  }
  const m = new RegExp(rule.regex, 'u').exec(completion);
  if (!m) return null;
  return (m[1] ?? m[0]).trim();
}

/** True when the extracted answer equals the gold one (integers compared by value). */
export function isCorrect(extracted: string | null, gold: string, rule: AnswerRule): boolean {
  if (extracted === null) return false;
  if (rule === 'first-integer') return Number(extracted) === Number(gold);
  if (rule === 'choice') return extracted.toLowerCase() === gold.toLowerCase();
  return extracted === gold;
}
