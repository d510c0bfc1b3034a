// The authored reference files for the app's unit tests, which run under jsdom without Node's
// file system: Vite hands over the same JSON files and the same parser checks them
// (src/reference/reference-files.ts), so these tests see exactly what the dataset build sees.
import { parseProtocolFile, parseReferenceSources, type ReferenceSources } from '../../src/reference/reference-files';

const protocolFiles = import.meta.glob<unknown>('../../src/reference/protocols/*.json', {
  eager: true,
  import: 'default',
});
const impressions = import.meta.glob<unknown>('../../src/reference/provider-impressions.json', {
  eager: true,
  import: 'default',
});

export function referenceSources(): ReferenceSources {
  const files = Object.entries(protocolFiles)
    .map(([path, json]) => ({ file: path.slice(path.lastIndexOf('/') + 1), json }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .map(({ file, json }) => parseProtocolFile(file, { ok: true, json }));
  const sources = parseReferenceSources(files, { ok: true, json: Object.values(impressions)[0] });
  if (sources.problems.length > 0)
    throw new Error(`the authored reference files have problems: ${sources.problems.slice(0, 3).join('; ')}`);
  return sources;
}
