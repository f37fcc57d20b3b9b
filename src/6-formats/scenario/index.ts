/**
 * The scenario format: parse, validate and resolve scenario files, load
 * suites, describe the format as a JSON Schema, and write a resolved
 * scenario back as a file.
 */
export { parseScenarioText } from './parseScenarioText.js';
export { loadScenarioFile, loadScenarioPaths, type LoadOptions } from './load.js';
export { scenarioJsonSchema } from './scenarioJsonSchema.js';
export { scenarioToYaml } from './scenarioToYaml.js';
export { LIMITS } from './limits.js';
export type * from './Scenario.js';
