/**
 * Guards JSONata's regular expressions (the one place an expression runs native code that the step
 * guardrails cannot interrupt). JSONata builds every regex, including ones `$eval` compiles from text
 * at run time, through its `RegexEngine` option; ours refuses the shapes that backtrack exponentially
 * and caps the text a regex may scan:
 *
 * - a quantified group that itself contains an unbounded quantifier: `(a+)+`, `(a*)*`, `(\w+\s?)*`;
 * - an alternation inside a group repeated without bound: `(a|aa)*` (write a class such as `[ab]*`);
 * - back-references (`\1`, `\k<name>`), which defeat any backtracking bound;
 * - input longer than `maxRegexInputLength` characters.
 *
 * This is a conservative syntactic check (it may refuse some safe patterns); polynomial backtracking
 * (`a*a*a*b`) remains possible and is bounded only by the input cap.
 */

export const maxRegexInputLength = 20_000;

interface GroupFrame {
  unboundedInside: boolean;
  alternation: boolean;
}

/** Why a regex source is refused, or undefined when it is acceptable. */
export function regexProblem(source: string): string | undefined {
  const stack: GroupFrame[] = [{ unboundedInside: false, alternation: false }];
  // What the next quantifier applies to: a closed group (with its frame) or a plain atom.
  let lastGroup: GroupFrame | undefined;
  let i = 0;
  while (i < source.length) {
    const char = source[i] as string;
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'back-references are not allowed in regular expressions';
      lastGroup = undefined;
      i += 2;
      continue;
    }
    if (char === '[') {
      i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      lastGroup = undefined;
      continue;
    }
    if (char === '(') {
      stack.push({ unboundedInside: false, alternation: false });
      lastGroup = undefined;
      i++;
      if (source[i] === '?') {
        // Skip the group's kind: ?: ?= ?! ?<= ?<! ?<name>
        i++;
        if (source[i] === '<' && source[i + 1] !== '=' && source[i + 1] !== '!') {
          while (i < source.length && source[i] !== '>') i++;
        }
        i++;
      }
      continue;
    }
    if (char === ')') {
      const closed = stack.length > 1 ? stack.pop() : undefined;
      lastGroup = closed;
      if (closed?.unboundedInside) (stack[stack.length - 1] as GroupFrame).unboundedInside = true;
      i++;
      continue;
    }
    if (char === '|') {
      (stack[stack.length - 1] as GroupFrame).alternation = true;
      lastGroup = undefined;
      i++;
      continue;
    }
    const quantifier = /^(?:[*+?]|\{\d+(?:,\d*)?\})/.exec(source.slice(i))?.[0];
    if (quantifier) {
      const unbounded = quantifier === '*' || quantifier === '+' || /^\{\d+,\}$/.test(quantifier);
      const repeats = quantifier !== '?' && !/^\{[01](?:,1?)?\}$/.test(quantifier);
      if (lastGroup && repeats && lastGroup.unboundedInside) {
        return 'nested repetition such as (a+)+ is not allowed in regular expressions';
      }
      if (lastGroup && unbounded && lastGroup.alternation) {
        return 'a repeated alternation such as (a|b)* is not allowed in regular expressions; use a class such as [ab]*';
      }
      if (unbounded) (stack[stack.length - 1] as GroupFrame).unboundedInside = true;
      i += quantifier.length;
      if (source[i] === '?') i++; // lazy modifier
      lastGroup = undefined;
      continue;
    }
    lastGroup = undefined;
    i++;
  }
  return undefined;
}

/** Thrown in JSONata's error shape so it surfaces as an ExpressionError with this code. */
function refuse(message: string): never {
  throw { code: 'regex_refused', message };
}

/** The `RegexEngine` handed to JSONata. */
export class GuardedRegExp extends RegExp {
  constructor(pattern: string | RegExp, flags?: string) {
    const problem = regexProblem(typeof pattern === 'string' ? pattern : pattern.source);
    if (problem) refuse(problem);
    super(pattern, flags);
  }

  override exec(text: string): RegExpExecArray | null {
    if (text.length > maxRegexInputLength) {
      refuse(`A regular expression may scan at most ${maxRegexInputLength} characters`);
    }
    return super.exec(text);
  }
}

/** Every regex literal in a parsed JSONata expression (for save-time validation). */
export function regexLiteralsIn(ast: unknown): RegExp[] {
  const found: RegExp[] = [];
  const seen = new Set<unknown>();
  const visit = (node: unknown) => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (node instanceof RegExp) {
      found.push(node);
      return;
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(ast);
  return found;
}
