/**
 * One problem of a scenario, before it has a line and column: the path of
 * the value in the file, the rest of the sentence whose subject is that
 * path ("is -3, negative; expected …"), and whether the line should point
 * at the value or at its key (an unknown key).
 */
export interface PathIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly at: 'value' | 'key';
}
