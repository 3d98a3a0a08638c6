/**
 * EquationError: a model's text could not be read or checked. It is an InvalidParameterError (code
 * INVALID_PARAMETER) that also says where: the field (`equations`, `threshold`, `reset`, ...), the
 * line and column, and shows the line with a caret under the place.
 */
import { InvalidParameterError } from '../errors.js';
import type { Pos } from './ast.js';

export class EquationError extends InvalidParameterError {
  /** 1-based line and column in the field's text. */
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  constructor(object: string, source: string, pos: Pos, problem: string, hint?: string) {
    const before = source.slice(0, pos.offset);
    const line = before.split('\n').length;
    const lineStart = before.lastIndexOf('\n') + 1;
    const column = pos.offset - lineStart + 1;
    const lineText = source.slice(lineStart).split('\n')[0] ?? '';
    super(object, pos.field, source, problem, hint);
    this.line = line;
    this.column = column;
    this.offset = pos.offset;
    const shown = lineText.length > 160 ? `${lineText.slice(0, 157)}...` : lineText;
    this.message = `${object}: ${pos.field}, line ${line} column ${column}: ${problem}.` + (hint ? ` ${hint}` : '') +
      `\n  ${shown}\n  ${' '.repeat(Math.min(column - 1, 160))}^`;
  }
}
