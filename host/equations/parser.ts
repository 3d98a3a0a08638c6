/**
 * The parser of the equation language: a hand-written lexer and recursive-descent parser (no eval,
 * no new Function, no regular expression over the whole text). It accepts only numbers, names,
 * the operators below, commas, parentheses, `:` and newlines/`;`; any other character is an
 * EquationError with its position.
 *
 *   expr  := or;  or := and ('or' and)*;  and := not ('and' not)*;  not := 'not' not | cmp
 *   cmp   := sum (('<'|'<='|'>'|'>='|'=='|'!=') sum)?
 *   sum   := prod (('+'|'-') prod)*;  prod := unary (('*'|'/') unary)*
 *   unary := ('-'|'+') unary | power;  power := atom ('**' unary)?
 *   atom  := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
 *
 * Equation lines (Brian2's notation): `dX/dt = expr : unit (flags)`, `X = expr : unit` (a
 * subexpression) and `X : unit (flags)` (a parameter), one per line (a line continues inside
 * parentheses). `#` starts a comment.
 */
import type { AssignOp, CompareOp, EquationLine, Expr, Pos, Statement } from './ast.js';
import { EquationError } from './errors.js';

type Token =
  | { t: 'num'; v: number; pos: Pos; text: string }
  | { t: 'name'; s: string; pos: Pos }
  | { t: 'op'; s: string; pos: Pos }
  | { t: 'end'; pos: Pos };

const OPS2 = ['**', '<=', '>=', '==', '!=', '+=', '-=', '*=', '/='];
const OPS1 = '+-*/(),<>=:;';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isNameStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isNameChar = (c: string): boolean => isNameStart(c) || isDigit(c);

/** The longest text a model field may have (a model is a few lines; this bounds parse time and memory). */
export const MAX_FIELD_LENGTH = 20000;
/** The deepest nesting of parentheses and operators the parser follows. */
export const MAX_DEPTH = 64;

export class Source {
  constructor(readonly object: string, readonly field: string, readonly text: string) {
    if (text.length > MAX_FIELD_LENGTH) {
      throw new EquationError(object, text.slice(0, 200), { field, offset: 0 }, `the text is ${text.length} characters long, more than the ${MAX_FIELD_LENGTH} a model field may have`);
    }
  }
  error(pos: Pos, problem: string, hint?: string): EquationError {
    return new EquationError(this.object, this.text, pos, problem, hint);
  }
  pos(offset: number): Pos {
    return { field: this.field, offset };
  }
}

/** Splits text into tokens between `from` and `to` (offsets into src.text). */
export function tokenize(src: Source, from = 0, to = src.text.length): Token[] {
  const s = src.text;
  const out: Token[] = [];
  let i = from;
  let depth = 0;
  while (i < to) {
    const c = s[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '#') { while (i < to && s[i] !== '\n') i++; continue; }
    // A newline ends a line, except inside parentheses (a long expression may continue there).
    if (c === '\n') { if (depth === 0) out.push({ t: 'op', s: ';', pos: src.pos(i) }); i++; continue; }
    if (isDigit(c) || (c === '.' && isDigit(s[i + 1] ?? ''))) {
      const start = i;
      while (i < to && isDigit(s[i] as string)) i++;
      if (s[i] === '.') { i++; while (i < to && isDigit(s[i] as string)) i++; }
      if ((s[i] === 'e' || s[i] === 'E') && (isDigit(s[i + 1] ?? '') || ((s[i + 1] === '-' || s[i + 1] === '+') && isDigit(s[i + 2] ?? '')))) {
        i += 2;
        while (i < to && isDigit(s[i] as string)) i++;
      }
      const text = s.slice(start, i);
      if (i < to && isNameStart(s[i] as string)) throw src.error(src.pos(i), `a number directly followed by a name ('${text}${s[i]}'); write a product with '*', e.g. ${text}*mV`);
      out.push({ t: 'num', v: Number(text), pos: src.pos(start), text });
      continue;
    }
    if (isNameStart(c)) {
      const start = i;
      while (i < to && isNameChar(s[i] as string)) i++;
      if (i - start > 64) throw src.error(src.pos(start), 'a name longer than 64 characters');
      out.push({ t: 'name', s: s.slice(start, i), pos: src.pos(start) });
      continue;
    }
    const two = s.slice(i, i + 2);
    if (OPS2.includes(two)) { out.push({ t: 'op', s: two, pos: src.pos(i) }); i += 2; continue; }
    if (OPS1.includes(c)) {
      if (c === '(') depth++;
      if (c === ')') depth = Math.max(0, depth - 1);
      out.push({ t: 'op', s: c, pos: src.pos(i) });
      i++;
      continue;
    }
    const shown = c.charCodeAt(0) < 32 || c.charCodeAt(0) > 126 ? `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}` : `'${c}'`;
    throw src.error(src.pos(i), `the character ${shown} is not part of the equation language`, 'Only numbers, names, + - * / ** ( ) , < <= > >= == != and or not, and `:` before a unit are allowed.');
  }
  out.push({ t: 'end', pos: src.pos(to) });
  return out;
}

class Parser {
  private k = 0;
  private depth = 0;
  constructor(private readonly src: Source, private readonly toks: Token[]) {}

  peek(): Token { return this.toks[this.k] as Token; }
  next(): Token { return this.toks[this.k++] as Token; }
  isOp(s: string): boolean { const t = this.peek(); return t.t === 'op' && t.s === s; }
  isName(s: string): boolean { const t = this.peek(); return t.t === 'name' && t.s === s; }
  expectOp(s: string, what: string): Token {
    const t = this.peek();
    if (!(t.t === 'op' && t.s === s)) throw this.src.error(t.pos, `expected '${s}' ${what}, found ${describe(t)}`);
    return this.next();
  }
  atEnd(): boolean { return this.peek().t === 'end'; }

  private enter(pos: Pos): void {
    if (++this.depth > MAX_DEPTH) throw this.src.error(pos, `the expression is nested more than ${MAX_DEPTH} levels deep`);
  }

  expr(): Expr {
    this.enter(this.peek().pos);
    let a = this.and();
    while (this.isName('or')) { const pos = this.next().pos; a = { k: 'or', a, b: this.and(), pos }; }
    this.depth--;
    return a;
  }
  and(): Expr {
    let a = this.not();
    while (this.isName('and')) { const pos = this.next().pos; a = { k: 'and', a, b: this.not(), pos }; }
    return a;
  }
  not(): Expr {
    if (this.isName('not')) { const pos = this.next().pos; this.enter(pos); const a = this.not(); this.depth--; return { k: 'not', a, pos }; }
    return this.cmp();
  }
  cmp(): Expr {
    const a = this.sum();
    const t = this.peek();
    if (t.t === 'op' && ['<', '<=', '>', '>=', '==', '!='].includes(t.s)) {
      this.next();
      const b = this.sum();
      const u = this.peek();
      if (u.t === 'op' && ['<', '<=', '>', '>=', '==', '!='].includes(u.s)) throw this.src.error(u.pos, 'chained comparisons are not allowed; join them with `and`');
      return { k: 'cmp', op: t.s as CompareOp, a, b, pos: t.pos };
    }
    return a;
  }
  sum(): Expr {
    let a = this.prod();
    for (;;) {
      const t = this.peek();
      if (t.t === 'op' && (t.s === '+' || t.s === '-')) { this.next(); a = { k: 'bin', op: t.s, a, b: this.prod(), pos: t.pos }; } else return a;
    }
  }
  prod(): Expr {
    let a = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.t === 'op' && (t.s === '*' || t.s === '/')) { this.next(); a = { k: 'bin', op: t.s, a, b: this.unary(), pos: t.pos }; } else return a;
    }
  }
  unary(): Expr {
    const t = this.peek();
    if (t.t === 'op' && (t.s === '-' || t.s === '+')) {
      this.next();
      this.enter(t.pos);
      const a = this.unary();
      this.depth--;
      return t.s === '-' ? { k: 'neg', a, pos: t.pos } : a;
    }
    return this.power();
  }
  power(): Expr {
    const a = this.atom();
    if (this.isOp('**')) {
      const pos = this.next().pos;
      this.enter(pos);
      const b = this.unary();
      this.depth--;
      return { k: 'pow', a, b, pos };
    }
    return a;
  }
  atom(): Expr {
    const t = this.next();
    if (t.t === 'num') {
      if (!Number.isFinite(t.v)) throw this.src.error(t.pos, `the number ${t.text} is not finite`);
      return { k: 'num', value: t.v, pos: t.pos };
    }
    if (t.t === 'name') {
      if (['and', 'or', 'not'].includes(t.s)) throw this.src.error(t.pos, `'${t.s}' where a value was expected`);
      if (this.isOp('(')) {
        this.next();
        const args: Expr[] = [];
        if (!this.isOp(')')) {
          args.push(this.expr());
          while (this.isOp(',')) { this.next(); args.push(this.expr()); }
        }
        this.expectOp(')', `to close the call of ${t.s}(`);
        // Checked against the whitelist by the checker (which knows the arity).
        return { k: 'call', fn: t.s as never, args, pos: t.pos };
      }
      return { k: 'name', name: t.s, pos: t.pos };
    }
    if (t.t === 'op' && t.s === '(') {
      const e = this.expr();
      this.expectOp(')', 'to close the parenthesis');
      return e;
    }
    throw this.src.error(t.pos, `expected a number, a name or '(', found ${describe(t)}`);
  }
}

function describe(t: Token): string {
  if (t.t === 'end') return 'the end of the text';
  if (t.t === 'num') return `the number ${t.text}`;
  if (t.t === 'name') return `the name '${t.s}'`;
  return t.s === ';' ? 'the end of the line' : `'${t.s}'`;
}

/** Splits tokens at `;` (newlines and semicolons) into non-empty statements. */
function splitStatements(toks: Token[]): Token[][] {
  const out: Token[][] = [];
  let cur: Token[] = [];
  for (const t of toks) {
    if ((t.t === 'op' && t.s === ';') || t.t === 'end') {
      if (cur.length) out.push([...cur, { t: 'end', pos: t.pos }]);
      cur = [];
    } else cur.push(t);
  }
  return out;
}

/** One expression filling the whole field (a threshold, a refractory condition). */
export function parseExpression(src: Source): Expr {
  const toks = tokenize(src).filter((t) => !(t.t === 'op' && t.s === ';'));
  const p = new Parser(src, toks);
  if (p.atEnd()) throw src.error(p.peek().pos, 'the text is empty; expected an expression');
  const e = p.expr();
  if (!p.atEnd()) throw src.error(p.peek().pos, `unexpected ${describe(p.peek())} after the expression`);
  return e;
}

/** Statements `target op expr`, one per line or separated by `;` (a reset, on_pre, on_post). */
export function parseStatements(src: Source): Statement[] {
  return splitStatements(tokenize(src)).map((toks) => {
    const p = new Parser(src, toks);
    const target = p.next();
    if (target.t !== 'name') throw src.error(target.pos, `expected the name of a variable to assign, found ${describe(target)}`);
    const op = p.next();
    if (!(op.t === 'op' && ['=', '+=', '-=', '*=', '/='].includes(op.s))) throw src.error(op.pos, `expected =, +=, -=, *= or /= after '${target.s}', found ${describe(op)}`);
    const value = p.expr();
    if (!p.atEnd()) throw src.error(p.peek().pos, `unexpected ${describe(p.peek())} after the statement`);
    return { target: target.s, op: op.s as AssignOp, value, pos: target.pos };
  });
}

/** The lines of a model's `equations`. */
export function parseEquations(src: Source): EquationLine[] {
  return splitStatements(tokenize(src)).map((toks) => {
    const p = new Parser(src, toks);
    const first = p.next();
    if (first.t !== 'name') throw src.error(first.pos, `expected 'dX/dt = ...', 'X = ...' or 'X : unit', found ${describe(first)}`);
    let line: EquationLine;
    const t1 = p.peek();
    const t2 = toks[2];
    if (first.s.length > 1 && first.s.startsWith('d') && t1.t === 'op' && t1.s === '/' && t2?.t === 'name' && t2.s === 'dt') {
      p.next(); p.next();
      p.expectOp('=', `after d${first.s.slice(1)}/dt`);
      const rhs = p.expr();
      line = { k: 'ode', name: first.s.slice(1), rhs, unit: '', flags: [], pos: first.pos };
    } else if (t1.t === 'op' && t1.s === '=') {
      p.next();
      line = { k: 'sub', name: first.s, rhs: p.expr(), unit: '', flags: [], pos: first.pos };
    } else if (t1.t === 'op' && t1.s === ':') {
      line = { k: 'decl', name: first.s, unit: '', flags: [], pos: first.pos };
    } else {
      throw src.error(t1.pos, `expected '=' or ':' after '${first.s}' (a line is 'dX/dt = expr : unit', 'X = expr : unit' or 'X : unit'), found ${describe(t1)}`);
    }
    const colon = p.expectOp(':', `and a unit after the ${line.k === 'decl' ? 'name' : 'expression'} (use ': 1' for no unit)`);
    // The unit runs to '(' (flags) or the end of the line; the unit parser checks it.
    const unitToks: Token[] = [];
    while (!p.atEnd() && !p.isOp('(')) unitToks.push(p.next());
    if (unitToks.length === 0) throw src.error(colon.pos, 'a unit after the colon (use ": 1" for no unit)');
    const first0 = unitToks[0] as Token;
    const last = unitToks[unitToks.length - 1] as Token;
    const end = last.pos.offset + (last.t === 'num' ? last.text.length : last.t === 'name' ? last.s.length : last.t === 'op' ? last.s.length : 0);
    line.unit = src.text.slice(first0.pos.offset, end);
    (line as { unitPos?: Pos }).unitPos = first0.pos;
    if (p.isOp('(')) {
      p.next();
      for (;;) {
        // A flag: words, joined by spaces or hyphens ((unless refractory), (event-driven)).
        let flag = '';
        const at = p.peek().pos;
        while (p.peek().t === 'name') {
          flag += (flag === '' || flag.endsWith('-') ? '' : ' ') + (p.next() as { s: string }).s;
          if (p.isOp('-')) { p.next(); flag += '-'; }
        }
        if (flag === '' || flag.endsWith('-')) throw src.error(flag === '' ? at : p.peek().pos, `expected a flag such as (unless refractory), (constant) or (event-driven), found ${describe(p.peek())}`);
        line.flags.push(flag);
        if (p.isOp(',')) { p.next(); continue; }
        p.expectOp(')', 'to close the flags');
        break;
      }
    }
    if (!p.atEnd()) throw src.error(p.peek().pos, `unexpected ${describe(p.peek())} at the end of the line`);
    return line;
  });
}

/** The position of a line's unit (set by parseEquations). */
export function unitPos(line: EquationLine): Pos {
  return (line as { unitPos?: Pos }).unitPos ?? line.pos;
}
