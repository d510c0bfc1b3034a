// Validates the authored protocol files: `npm run check:protocols [CODE...]`. Every file in
// src/reference/protocols/ must parse against protocolSchema and be named by its code; the
// files are read by the same loader the dataset build and the tests use.
import { readProtocolFiles } from './load-reference';

const files = readProtocolFiles(undefined, new Set(process.argv.slice(2)));
const failing = files.filter((f) => f.problems.length > 0);
for (const problem of failing.flatMap((f) => f.problems)) console.error(problem);
console.log(`${files.length} protocol files checked, ${failing.length} with problems`);
process.exit(failing.length > 0 ? 1 : 0);
