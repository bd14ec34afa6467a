import Handlebars from 'handlebars';
import { InputError } from '../errors.js';
import type { PromptItem } from './prompt-items.js';

const hbs = Handlebars.create();
hbs.registerHelper('join', (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : ''));

hbs.registerHelper('lower', (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : ''));

/** A compiled prompt template: item and shots in, prompt text out. */
export type PromptTemplate = (item: PromptItem, shots: readonly PromptItem[]) => string;

/** The fields a template sees for one item: its own fields, `answer` and `choices`. */
function view(item: PromptItem): Record<string, unknown> {
  return { ...item.fields, answer: item.answer, choices: item.choices ?? [] };
}

/**
 * Compiles a Handlebars template of one prompt. It sees the question's fields (`question`,
 * `context`, ...), `choices` (with the helpers `{{join choices ", "}}` and `{{lower expression}}`) and `shots`,
 * each a worked example with its own fields and `answer`. Nothing is HTML-escaped, and a field
 * the template names that the item lacks is an error (strict mode), so a typo cannot silently
 * render as an empty string. `where` names the template's place for error messages.
 */
export function compilePrompt(template: string, where: string): PromptTemplate {
  let fn: Handlebars.TemplateDelegate;
  try {
    fn = hbs.compile(template, { noEscape: true, strict: true });
  } catch (err) {
    throw new InputError(
      `${where} template does not compile: ${(err as Error).message.split('\n')[0]}; check the {{...}} braces`,
      'prompt-template',
    );
  }
  return (item, shots) => {
    try {
      return fn({ ...view(item), shots: shots.map(view) });
    } catch (err) {
      const msg = (err as Error).message.split('\n')[0];
      throw new InputError(
        `${where} template: ${msg}; fields available: ${[...Object.keys(item.fields), 'answer', 'choices', 'shots'].join(', ')}`,
        'prompt-template',
      );
    }
  };
}
