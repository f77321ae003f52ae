/**
 * AWS's model patterns are Java regular expressions, matched against the whole value (the
 * services validate with `String.matches`). Most are also valid JavaScript; this translates the
 * Java-only parts that have an exact JavaScript equivalent and gives up (undefined) on the rest,
 * so a pattern is either checked as AWS checks it or not at all, never approximately.
 *
 * - `\A`, `\z` (input start and end) -> `^`, `$`; `\Z` is left out (it also allows a final line
 *   break): such a pattern is skipped.
 * - Java's POSIX classes `\p{Alpha}`, `\p{Digit}`, `\p{Alnum}`, `\p{Upper}`, `\p{Lower}`,
 *   `\p{Punct}`, `\p{Space}` (US-ASCII only in Java) -> the equivalent ASCII class.
 * - Java matches code points (a `\uD800\uDC00` escape pair is one supplementary character), as
 *   JavaScript does with the `u` flag: patterns compile with `u`. The `u` flag rejects some
 *   identity escapes Java accepts (`\_`, `\-` outside a class); such a pattern compiles without
 *   `u` unless it needs code points (`\p{...}`, surrogate escapes), which only changes how a
 *   character outside the Basic Multilingual Plane counts against a quantifier.
 * - Possessive quantifiers (`*+`, `++`, `?+`), atomic groups `(?>...)`, `\G`, `\Q...\E`, inline
 *   flags `(?i)` and class intersections `&&` have no JavaScript equivalent: skipped.
 */

const posix: Readonly<Record<string, string>> = {
  Alpha: 'A-Za-z',
  Digit: '0-9',
  Alnum: 'A-Za-z0-9',
  Upper: 'A-Z',
  Lower: 'a-z',
  Punct: '!-\\/:-@\\[-`{-~',
  Space: ' \\t\\n\\x0B\\f\\r',
};

const unsupported = /\\Z|\\G|\\Q|\(\?>|\(\?[a-z]+[:)]|&&|[*+?}]\+/;

/** The JavaScript source and flags equivalent to a Java model pattern, or undefined. */
export function translatePattern(java: string): { source: string; flags: string } | undefined {
  if (unsupported.test(java)) return undefined;
  // One pass over the pattern, escapes kept whole, knowing whether we are in a [...] class.
  let source = '';
  let inClass = false;
  for (let i = 0; i < java.length; i++) {
    const c = java[i] as string;
    if (c === '\\') {
      const next = java[i + 1] ?? '';
      const property = /^p\{([A-Za-z]+)\}/.exec(java.slice(i + 1));
      const set = property ? posix[property[1] as string] : undefined;
      if (property && set !== undefined) {
        source += inClass ? set : `[${set}]`;
        i += property[0].length;
      } else if (next === 'A' && !inClass) {
        source += '^';
        i++;
      } else if (next === 'z' && !inClass) {
        source += '$';
        i++;
      } else {
        source += c + next;
        i++;
      }
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    source += c;
  }
  const pattern = `^(?:${source})$`;
  for (const flags of ['u', '']) {
    if (flags === '' && /\\[pP]\{|\\u[dD][89abAB]/.test(source)) break;
    try {
      new RegExp(pattern, flags);
      return { source: pattern, flags };
    } catch {
      // try the next flags
    }
  }
  return undefined;
}

const compiled = new Map<string, RegExp | null>();

/** The compiled full-match RegExp of a model pattern (cached), or null when it is skipped. */
export function compilePattern(java: string): RegExp | null {
  let re = compiled.get(java);
  if (re === undefined) {
    const t = translatePattern(java);
    re = t ? new RegExp(t.source, t.flags) : null;
    compiled.set(java, re);
  }
  return re;
}
