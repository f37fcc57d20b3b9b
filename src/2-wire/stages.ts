/** The pipeline's stage names as its code spells them, in the order the saga runs them. */
export const STAGE_NAMES = ['load_data', 'clustering', 'cpsat', 'ga', 'rl', 'finalize'] as const;

/** One of the pipeline's stages. */
export type StageName = (typeof STAGE_NAMES)[number];

/** Whether `text` is a technical stage name (legacy writers publish these; the tracker publishes display names). */
export function isStageName(text: string): text is StageName {
  return (STAGE_NAMES as readonly string[]).includes(text);
}

/**
 * Stage texts the tracker's versions publish (system.md, "The tracker's
 * versions"): display names of the built-in table and of other versions.
 */
export const KNOWN_DISPLAY_NAMES: ReadonlyMap<string, StageName> = new Map<string, StageName>([
  ['Loading courses and students', 'load_data'],
  ['Analyzing course groups', 'clustering'],
  ['Creating initial schedule', 'cpsat'],
  ['Optimizing quality', 'ga'],
  ['Resolving conflicts', 'rl'],
  ['Finalizing timetable', 'finalize'],
  ['Loading Data', 'load_data'],
  ['Grouping Courses', 'clustering'],
  ['Scheduling Classes', 'cpsat'],
  ['Optimizing Schedule', 'ga'],
  ['Fixing Conflicts', 'rl'],
  ['Finishing Up', 'finalize'],
]);

/** Stage texts of the service's own messages that name no pipeline stage: the initial write and the terminal ones. */
export const NON_STAGE_TEXTS: ReadonlySet<string> = new Set(['Preparing', 'Cancelled', 'Timeout', 'Failed']);

/** How a message's stage text was recognised. */
export type StageRecognition = 'technical name' | 'display name' | 'loop message' | 'given name';

/** The loop's own messages some versions publish as the stage: `Processing: Cpsat`, `Cpsat: 3/294`. */
const LOOP_MESSAGE = /^(?:Processing: ([A-Za-z_ ]+)|([A-Za-z_ ]+): \d+\/\d+)$/;

/**
 * The stage a published stage text names, and how that was found: a name
 * given by the user (`--stage-names`), a technical name, a known display
 * name, or the loop's message naming the technical name. Null when unknown.
 */
export function recognizeStage(
  text: string,
  given: ReadonlyMap<string, StageName> = new Map(),
  displayNames: ReadonlyMap<string, StageName> = KNOWN_DISPLAY_NAMES,
): { readonly stage: StageName; readonly by: StageRecognition } | null {
  const named = given.get(text);
  if (named !== undefined) return { stage: named, by: 'given name' };
  if (isStageName(text)) return { stage: text, by: 'technical name' };
  const display = displayNames.get(text);
  if (display !== undefined) return { stage: display, by: 'display name' };
  const m = LOOP_MESSAGE.exec(text);
  const word = (m?.[1] ?? m?.[2] ?? '').trim().toLowerCase().replace(/ /g, '_');
  return isStageName(word) ? { stage: word, by: 'loop message' } : null;
}
