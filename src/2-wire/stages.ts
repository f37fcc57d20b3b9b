/** The pipeline's stage names as its code spells them, in the order the saga runs them. */
export const STAGE_NAMES = ['load_data', 'clustering', 'cpsat', 'ga', 'rl', 'finalize'] as const;

/** One of the pipeline's stages. */
export type StageName = (typeof STAGE_NAMES)[number];

/** Whether `text` is a technical stage name (legacy writers publish these; the tracker publishes display names). */
export function isStageName(text: string): text is StageName {
  return (STAGE_NAMES as readonly string[]).includes(text);
}
