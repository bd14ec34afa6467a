/** Reading OpenAI-compatible replies: every shape check in one place, with a message that says what was wrong. */

/** A reply that is not what an OpenAI-compatible server sends. */
export class NotOpenAiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotOpenAiError';
  }
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses one JSON body that must hold a `choices` array. */
export function parseChoices(text: string, what: string): { choice: Json; body: Json } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new NotOpenAiError(`${what}: the reply is not JSON (${JSON.stringify(text.slice(0, 80))})`);
  }
  if (!isObj(body) || !Array.isArray(body.choices)) throw new NotOpenAiError(`${what}: the reply has no 'choices' array`);
  const choice = body.choices[0];
  return { choice: isObj(choice) ? choice : {}, body };
}

/** Text of a streamed chunk's first choice (`text` for completions, `delta.content` for chat). */
export function chunkText(choice: Json, api: 'completions' | 'chat'): string {
  if (api === 'completions') return typeof choice.text === 'string' ? choice.text : '';
  const delta = choice.delta;
  return isObj(delta) && typeof delta.content === 'string' ? delta.content : '';
}

/** Usage counts of a reply, when it carries them. */
export function usageOf(body: Json): { prompt?: number; completion?: number } {
  const u = body.usage;
  if (!isObj(u)) return {};
  return {
    prompt: typeof u.prompt_tokens === 'number' ? u.prompt_tokens : undefined,
    completion: typeof u.completion_tokens === 'number' ? u.completion_tokens : undefined,
  };
}

/** The legacy completions `logprobs` object of a choice (echo replies), or undefined. */
export interface EchoLogprobs {
  tokens: string[];
  tokenLogprobs: (number | null)[];
  topLogprobs: (Record<string, number> | null)[];
  textOffset: number[];
}

/** The echoed prompt's log-probabilities of a completions reply, when all four lists are there. */
export function echoLogprobs(choice: Json): EchoLogprobs | undefined {
  const lp = choice.logprobs;
  if (!isObj(lp)) return undefined;
  const { tokens, token_logprobs, top_logprobs, text_offset } = lp;
  if (!Array.isArray(tokens) || !Array.isArray(token_logprobs) || !Array.isArray(top_logprobs) || !Array.isArray(text_offset))
    return undefined;
  return {
    tokens: tokens as string[],
    tokenLogprobs: token_logprobs as (number | null)[],
    topLogprobs: top_logprobs as (Record<string, number> | null)[],
    textOffset: text_offset as number[],
  };
}

/** The generated tokens with their top log-probabilities as probabilities, from a streamed chunk's choice. */
export function chunkLogprobs(choice: Json, api: 'completions' | 'chat'): { token: string; top: Map<string, number> }[] {
  const lp = choice.logprobs;
  if (!isObj(lp)) return [];
  if (api === 'completions') {
    const { tokens, top_logprobs } = lp;
    if (!Array.isArray(tokens) || !Array.isArray(top_logprobs)) return [];
    return tokens.map((t, i) => {
      const top = top_logprobs[i];
      return { token: String(t), top: new Map(isObj(top) ? Object.entries(top).map(([k, v]) => [k, Math.exp(Number(v))]) : []) };
    });
  }
  const content = lp.content;
  if (!Array.isArray(content)) return [];
  return content.filter(isObj).map((c) => ({
    token: String(c.token),
    top: new Map(
      Array.isArray(c.top_logprobs) ? c.top_logprobs.filter(isObj).map((t) => [String(t.token), Math.exp(Number(t.logprob))]) : [],
    ),
  }));
}
