import type { Command } from '../Command.js';
import { InputError } from '../../6-formats/InputError.js';
import { parseOptions } from '../parseOptions.js';
import { loadScenarioPaths } from '../../6-formats/scenario/load.js';

const USAGE = `usage: etasim validate PATH… [--json]

Checks scenario files (or folders of *.yaml / *.yml files, recursively)
against the scenario format without running them: unknown keys, types,
units, bounds, replay list lengths, unique names.

options:
  --json   one JSON document on stdout: { "ok", "files": [{ "file", "name" }], "errors": [lines] }

exit: 0 every file is valid; 2 some file is not (one FILE:LINE:COL line per problem)
`;

/** `etasim validate`: the schema check of scenario files, without running them. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'check scenario files against the format without running them',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseOptions('validate', argv, { json: { type: 'boolean' } });
    if (positionals.length === 0) {
      throw new InputError('etasim validate: expected at least one PATH (a scenario file or a folder); see `etasim validate --help`');
    }
    const { scenarios, errors } = await loadScenarioPaths(positionals, { cwd: io.cwd });
    const files = scenarios.map((s) => ({ file: s.file ?? '', name: s.name }));
    for (const f of files) io.stderr(`ok  ${f.file}  (${f.name})\n`);
    for (const line of errors) io.stderr(line + '\n');
    const ok = errors.length === 0;
    if (values.json) io.stdout(JSON.stringify({ ok, files, errors }, null, 2) + '\n');
    return ok ? 0 : 2;
  },
};
