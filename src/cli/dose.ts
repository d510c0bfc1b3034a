// `npm run -s dose -- --json [--stdin] [REQUEST_JSON]`: the dosing engine on the command line, with the
// formulary this build ships. A request without `now` is timed by the clock here, at the edge.
// With --stdin, one JSON request per line in, one JSON reply per line out; a bad line gets an
// error reply and never ends the stream.
import { createInterface } from 'node:readline';
import { bundledFormulary } from '../domain/dosing/bundled-formulary';
import { calculateDose, type DoseOutcome } from '../domain/dosing/engine';

const args = process.argv.slice(2);
const json = args.includes('--json');
const fromStdin = args.includes('--stdin');
const positional = args.filter((a) => !a.startsWith('--'));

function reply(line: string): DoseOutcome {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch {
    return {
      ok: false,
      error: {
        code: 'REQUEST_INVALID',
        message:
          'The request is not JSON: send one object per line, e.g. {"medication":"epinephrine","route":"IM","weight_kg":14}.',
      },
    };
  }
  if (request !== null && typeof request === 'object' && !Array.isArray(request) && !('now' in request))
    request = { ...request, now: new Date().toISOString() };
  return calculateDose(request, bundledFormulary());
}

function print(outcome: DoseOutcome): void {
  if (json) {
    console.log(JSON.stringify(outcome.ok ? { ok: true, ...outcome.value } : outcome));
  } else if (outcome.ok) {
    const v = outcome.value;
    const give =
      v.volume_ml !== null
        ? `${v.volume_ml} mL of`
        : v.quantity
          ? `${v.quantity.value} ${v.quantity.form}${v.quantity.value === 1 ? '' : 's'} of`
          : 'as';
    console.log(
      `${v.medication} ${v.route}: ${v.dose.value} ${v.dose.unit} = ${give} ${v.concentration} (${v.color}, ${v.weight_entered})${v.capped ? ' CAPPED' : ''}`,
    );
    console.log(`  repeat: ${v.repeat.text}`);
    for (const w of v.warnings) console.log(`  ! ${w.severity}: ${w.message}`);
  } else {
    console.log(`refused ${outcome.error.code}: ${outcome.error.message}`);
  }
}

if (fromStdin) {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() !== '') print(reply(line));
  }
} else if (positional.length === 1) {
  const outcome = reply(positional[0]!);
  print(outcome);
  process.exitCode = outcome.ok ? 0 : 1;
} else {
  console.error('usage: npm run -s dose -- --json [--stdin] [REQUEST_JSON]');
  process.exitCode = 2;
}
