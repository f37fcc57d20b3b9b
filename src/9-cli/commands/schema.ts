import type { Command } from '../Command.js';
import { InputError } from '../../6-formats/InputError.js';
import { parseOptions } from '../parseOptions.js';
import { scenarioJsonSchema } from '../../6-formats/scenario/scenarioJsonSchema.js';

const USAGE = `usage: etasim schema

Prints the JSON Schema (draft 2020-12) of scenario files on stdout, for
editors: regenerate the committed copy with

  npx etasim schema > schema/scenario.schema.json

and point a file at it with a first line
  # yaml-language-server: $schema=../schema/scenario.schema.json

In a repository that installs etasim the schema is in the package:
  # yaml-language-server: $schema=../node_modules/etasim/schema/scenario.schema.json
(relative to the scenario file).

exit: 0
`;

/** `etasim schema`: the JSON Schema of the scenario format. */
export const schemaCommand: Command = {
  name: 'schema',
  summary: 'print the JSON Schema of the scenario format',
  usage: USAGE,
  async run(argv, io) {
    // --json is accepted for symmetry with the other commands: the output is JSON either way.
    const { positionals } = parseOptions('schema', argv, { json: { type: 'boolean' } });
    if (positionals.length > 0) throw new InputError(`etasim schema: takes no PATH, got '${positionals[0]}'; see \`etasim schema --help\``);
    io.stdout(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
    return 0;
  },
};
