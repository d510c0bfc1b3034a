import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { bundledFormularyRecords } from '../../domain/dosing/bundled-formulary';
import type { ConsoleClient } from '../console-client';
import { ConsoleServicesProvider } from '../console-context';
import type { ConsoleContext } from '../schemas';
import { DraftEditor, type DraftTarget } from './DraftEditor';

// The draft form in jsdom against a stand-in for the server's RPCs: the records in force are the
// shipped formulary (as list_reference_records shapes them) and one protocol built here; what the
// editor would save is caught, not sent.

type Calls = Array<{ fn: string; args: Record<string, unknown> }>;

const medicationsInForce = () =>
  bundledFormularyRecords().map(({ routes: _r, concentrations: _c, formulary_version: version, ...record }) => ({
    key: record.id,
    name: record.name,
    version: 1,
    effective_date: null,
    formulary_version: version,
    record,
  }));

const ID_IN_REVIEW = '0195f3c2-7a00-7000-8000-0000000000a1';
const ID_ELSEWHERE = '0195f3c2-7a00-7000-8000-0000000000a2';
const ID_MINE = '0195f3c2-7a00-7000-8000-0000000000a3';

const PROTOCOL_1211 = {
  tp_code: '1211',
  name: 'Cardiac Chest Pain',
  population: 'adult',
  category: 'Cardiac',
  provider_impressions: ['CPMI'],
  keywords: ['chest pain'],
  sections: [{ kind: 'treatment', title: 'Treat', items: ['Oxygen as needed.'] }],
  medications: [],
  related: [],
  popularity: 0.5,
};

/** A version row as list_reference_versions sends it. */
function versionRow(row: {
  id: string;
  key: string;
  version: number;
  status: string;
  created_by_name: string;
  created_by?: string;
}) {
  return {
    kind: 'medication',
    name: null,
    source: 'workflow',
    change_log: [],
    change_summary: 'Revision · test',
    department_id: 'b0000000-0000-4000-8000-000000000001',
    created_by: 'a0000000-0000-4000-8000-000000000009',
    created_at: '2026-12-02T17:30:00Z',
    submitted_at: null,
    approved_by: null,
    approved_by_name: null,
    approved_at: null,
    rejected_by_name: null,
    rejected_at: null,
    rejection_reason: null,
    effective_date: null,
    activated_at: null,
    withdrawn_at: null,
    withdrawal_reason: null,
    archived_at: null,
    ...row,
  };
}

/** Versions of medications on their way, as the server would list them (empty unless a test sets it). */
let versionsOnTheWay: Array<ReturnType<typeof versionRow>> = [];

function fakeClient(calls: Calls): ConsoleClient {
  const answers: Record<string, (args: Record<string, unknown>) => unknown> = {
    list_reference_versions: ({ filter_kind, filter_status }) =>
      versionsOnTheWay.filter((v) => v.kind === filter_kind && v.status === filter_status),
    list_reference_records: ({ kind }) =>
      kind === 'medication'
        ? medicationsInForce()
        : [
            {
              key: '1211',
              name: PROTOCOL_1211.name,
              version: 3,
              effective_date: '2026-01-01',
              formulary_version: null,
              record: PROTOCOL_1211,
            },
          ],
    create_reference_draft: () => ({ id: '0195f3c2-7a00-7000-8000-000000000001', status: 'draft' }),
  };
  const client = {
    rpc(fn: string, args: Record<string, unknown>) {
      calls.push({ fn, args });
      const answer = answers[fn];
      return Promise.resolve(
        answer
          ? { data: answer(args), error: null, status: 200 }
          : { data: null, error: { code: 'PT404', message: `no ${fn} here` }, status: 404 },
      );
    },
  };
  return client as unknown as ConsoleClient;
}

const director: ConsoleContext = {
  me: { id: 'a0000000-0000-4000-8000-000000000003', fullName: 'Dr. Test', role: 'medical_director', mayDecide: true },
  agencyTimeZone: 'America/Los_Angeles',
  department: { id: 'b0000000-0000-4000-8000-000000000001', code: 'NV', name: 'North Valley' },
  stations: [],
  people: [],
  flagKinds: [],
  falloutCodes: [],
};

function renderEditor(target: DraftTarget) {
  const calls: Calls = [];
  render(
    <ConsoleServicesProvider value={{ client: fakeClient(calls), context: director, online: true }}>
      <DraftEditor target={target} />
    </ConsoleServicesProvider>,
  );
  return calls;
}

afterEach(() => {
  cleanup();
  versionsOnTheWay = [];
});

const check = () => screen.getByTestId('draft-check').textContent;
const problems = () =>
  within(screen.getByTestId('draft-check'))
    .queryAllByRole('listitem')
    .map((li) => li.textContent);
const saveButton = () => screen.getByRole('button', { name: /^Save as a draft$/ });
/** The collapsible group of one element of a list, by what its summary says. */
const group = (summary: string) => screen.getByText(summary, { selector: 'summary' }).closest('details')!;

/** Types a value at once (pasted), as the form would get it from a keyboard, faster. */
async function fill(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}

async function fillChangeLog(user: ReturnType<typeof userEvent.setup>, section: string, description: string) {
  const log = screen.getByRole('group', { name: /Change log/ });
  await fill(user, within(log).getByLabelText('Section'), section);
  await fill(user, within(log).getByLabelText('Description'), description);
}

// Every keystroke re-checks the whole formulary, as the console does: a few seconds per test in jsdom.
describe('a dose rule added and removed in the form', { timeout: 30_000 }, () => {
  it('adds an empty rule, opened with its id field focused, with nothing clinical filled in', async () => {
    const user = userEvent.setup();
    renderEditor({ kind: 'medication', key: 'naloxone', versionId: null });
    await screen.findByRole('heading', { name: 'New draft of medication naloxone' });
    expect(screen.getByRole('group', { name: 'rules (4)' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Add dose rule' }));
    expect(screen.getByRole('group', { name: 'rules (5)' })).toBeTruthy();
    const rule = group('dose rule #5');
    expect(rule.open).toBe(true);
    expect(document.activeElement).toBe(within(rule).getByLabelText('id'));

    const r = within(rule);
    expect(r.getByLabelText<HTMLInputElement>('id').value).toBe('');
    expect(r.getByRole<HTMLSelectElement>('combobox', { name: 'population' }).value).toBe('');
    expect(r.getByRole<HTMLSelectElement>('combobox', { name: 'kind' }).value).toBe('');
    expect(r.getByRole<HTMLSelectElement>('combobox', { name: 'unit' }).value).toBe('');
    expect(r.getByLabelText<HTMLInputElement>('max single').value).toBe('');
    expect(r.getAllByRole<HTMLInputElement>('checkbox').filter((box) => box.checked)).toEqual([]);
    expect(r.getByRole<HTMLSelectElement>('combobox', { name: 'over max total' }).value).toBe('');

    // Refused, live, naming what to fill in; the draft cannot be saved.
    await waitFor(() =>
      expect(problems()).toEqual(
        expect.arrayContaining([
          'rules.4.id: fill this in',
          'rules.4.population: choose one: adult, pediatric',
          'rules.4.routes: add at least one',
          'rules.4.dose.kind: choose one: fixed, per_kg, sequence, by_age, by_band, by_sbp',
          'rules.4.unit: choose one: mg, mcg, g, mEq, mL, autoinjector',
          'rules.4.max_single: enter a number',
        ]),
      ),
    );
    expect(saveButton()).toHaveProperty('disabled', true);
  });

  it('gives a chosen dose kind its own fields, empty, and checks the rule as it is filled in', async () => {
    const user = userEvent.setup();
    renderEditor({ kind: 'medication', key: 'naloxone', versionId: null });
    await screen.findByRole('heading', { name: 'New draft of medication naloxone' });
    await user.click(screen.getByRole('button', { name: 'Add dose rule' }));
    const r = within(group('dose rule #5'));

    await user.selectOptions(r.getByRole('combobox', { name: 'kind' }), 'per_kg');
    const dose = within(r.getByRole('group', { name: 'dose' }));
    expect(dose.getByLabelText<HTMLInputElement>('per kg').value).toBe('');
    expect(dose.getByLabelText<HTMLInputElement>('max').value).toBe('');
    await waitFor(() => expect(problems()).toContain('rules.4.dose.per_kg: enter a number'));
    await fill(user, dose.getByLabelText('per kg'), '-1');
    await waitFor(() => expect(problems().join('\n')).toMatch(/rules\.4\.dose\.per_kg: Too small/));

    // The shipped IM rule, typed in again under a new id: the same check as an edit passes it.
    await user.selectOptions(r.getByRole('combobox', { name: 'kind' }), 'fixed');
    await fill(user, r.getByLabelText('id'), 'naloxone-adult-im-again');
    await user.selectOptions(r.getByRole('combobox', { name: 'population' }), 'adult');
    await user.click(r.getByRole('checkbox', { name: 'IM' }));
    await fill(user, r.getByLabelText(/^indications/), 'opioid overdose');
    await fill(user, within(r.getByRole('group', { name: 'dose' })).getByLabelText('value'), '2');
    await user.selectOptions(r.getByRole('combobox', { name: 'unit' }), 'mg');
    const formulation = within(r.getByRole('group', { name: 'formulation' }));
    await fill(user, formulation.getByLabelText('label'), '1 mg/mL');
    await fill(user, formulation.getByLabelText(/^per ml/), '1');
    await fill(user, r.getByLabelText('max single'), '2');
    const limits = within(r.getByRole('group', { name: 'limits' }));
    await fill(user, limits.getByLabelText('group'), 'naloxone');
    await fill(user, limits.getByLabelText('repeat text'), 'Titrate to breathing');
    await user.selectOptions(limits.getByRole('combobox', { name: 'over max total' }), 'cap');
    await fill(user, r.getByLabelText(/^sources/), 'MCG 1317.29 (Drug Reference)');
    await fillChangeLog(user, 'Adult IM dose', 'A second IM rule.');

    await waitFor(() => expect(check()).toBe('Devices can use this draft.'));
    expect(saveButton()).toHaveProperty('disabled', false);
    const diff = screen.getByRole('table', { name: 'Changes against the version in force' });
    expect(
      within(diff)
        .getAllByRole('rowheader')
        .map((th) => th.textContent),
    ).toEqual(['rules › naloxone-adult-im-again']);
  });

  it('removes a rule only after asking, all from the keyboard, and the diff shows it removed', async () => {
    const user = userEvent.setup();
    renderEditor({ kind: 'medication', key: 'naloxone', versionId: null });
    await screen.findByRole('heading', { name: 'New draft of medication naloxone' });
    const rule = group('naloxone-adult-iv');
    await user.click(within(rule).getByText('naloxone-adult-iv'));

    const remove = within(rule).getByRole('button', { name: 'Remove this rule' });
    remove.focus();
    await user.keyboard('{Enter}');
    const question = within(rule).getByRole('group', { name: /Remove dose rule naloxone-adult-iv from this draft\?/ });
    expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Keep it' }));
    await user.keyboard('{Enter}');
    expect(screen.getByRole('group', { name: 'rules (4)' })).toBeTruthy();
    expect(document.activeElement).toBe(within(rule).getByRole('button', { name: 'Remove this rule' }));

    // Escape keeps it too.
    await user.keyboard('{Enter}');
    await user.keyboard('{Escape}');
    expect(screen.getByRole('group', { name: 'rules (4)' })).toBeTruthy();

    await user.keyboard('{Enter}');
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Yes, remove naloxone-adult-iv' }));
    await user.keyboard('{Enter}');
    expect(screen.getByRole('group', { name: 'rules (3)' })).toBeTruthy();
    expect(screen.queryByText('naloxone-adult-iv', { selector: 'summary' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Add dose rule' }));

    const diff = screen.getByRole('table', { name: 'Changes against the version in force' });
    expect(
      within(diff)
        .getAllByRole('rowheader')
        .map((th) => th.textContent),
    ).toEqual(['rules › naloxone-adult-iv']);
    expect(within(diff).getByRole('deletion').textContent).toMatch(/^removed: /);
  });

  it('keeps the other rules where they were, open or closed, when one before them goes', async () => {
    const user = userEvent.setup();
    renderEditor({ kind: 'medication', key: 'naloxone', versionId: null });
    await screen.findByRole('heading', { name: 'New draft of medication naloxone' });
    await user.click(within(group('naloxone-adult-iv')).getByText('naloxone-adult-iv'));
    const first = group('naloxone-adult-in');
    await user.click(within(first).getByText('naloxone-adult-in'));
    await user.click(within(first).getByRole('button', { name: 'Remove this rule' }));
    await user.click(screen.getByRole('button', { name: 'Yes, remove naloxone-adult-in' }));
    expect(group('naloxone-adult-iv').open).toBe(true);
    expect(group('naloxone-adult-im').open).toBe(false);
  });
});

describe('optional fields', { timeout: 30_000 }, () => {
  it('keeps the focus while an optional number is typed, and takes the field out of the record when emptied', async () => {
    const user = userEvent.setup();
    renderEditor({ kind: 'medication', key: 'naloxone', versionId: null });
    await screen.findByRole('heading', { name: 'New draft of medication naloxone' });
    const rule = group('naloxone-adult-in');
    await user.click(within(rule).getByText('naloxone-adult-in'));
    const limits = within(within(rule).getByRole('group', { name: 'limits' }));
    const interval = limits.getByLabelText(/^repeat interval min/);
    await user.type(interval, '15');
    expect(document.activeElement).toBe(limits.getByLabelText(/^repeat interval min/));
    const diff = () => screen.queryByRole('table', { name: 'Changes against the version in force' });
    await waitFor(() =>
      expect(
        within(diff()!)
          .getAllByRole('row')
          .map((row) => row.textContent),
      ).toContain('rules › naloxone-adult-in › limits › repeat_interval_minadded: 15'),
    );
    await user.clear(limits.getByLabelText(/^repeat interval min/));
    expect(document.activeElement).toBe(limits.getByLabelText(/^repeat interval min/));
    await waitFor(() => expect(diff()).toBeNull());
    expect(screen.getByText('No field differs from the version in force.')).toBeTruthy();
  });

  it('adds an optional group empty with the focus in it, and takes it out again after asking', async () => {
    const user = userEvent.setup();
    renderEditor({ kind: 'medication', key: 'naloxone', versionId: null });
    await screen.findByRole('heading', { name: 'New draft of medication naloxone' });
    const rule = within(group('naloxone-adult-in'));
    await user.click(rule.getByText('naloxone-adult-in'));
    await user.click(rule.getByRole('button', { name: 'Add max total before base (optional)' }));
    const added = within(rule.getByRole('group', { name: 'max total before base' }));
    expect(document.activeElement).toBe(added.getByLabelText(/^value/));
    // An amount needs value or per kg: empty, it is refused.
    await waitFor(() =>
      expect(problems()).toContain('rules.0.limits.max_total_before_base: give either value or per_kg'),
    );
    await user.click(added.getByRole('button', { name: 'Remove max total before base' }));
    await user.click(added.getByRole('button', { name: 'Yes, remove it' }));
    expect(document.activeElement).toBe(rule.getByRole('button', { name: 'Add max total before base (optional)' }));
    await waitFor(() => expect(check()).not.toMatch(/max_total_before_base/));
  });
});

describe('doses per tape colour in the form', { timeout: 30_000 }, () => {
  const diffRows = () =>
    within(screen.getByRole('table', { name: 'Changes against the version in force' }))
      .getAllByRole('row')
      .map((row) => row.textContent);

  it('shows a by_band dose as one group per colour, in tape order, with its amount, and a new one with every colour', async () => {
    const user = userEvent.setup();
    renderEditor({ kind: 'medication', key: 'diazepam', versionId: null });
    await screen.findByRole('heading', { name: 'New draft of medication diazepam' });
    const rule = within(group('diazepam-pediatric'));
    await user.click(rule.getByText('diazepam-pediatric'));
    const bands = rule.getByRole('group', { name: 'bands' });
    const colours = within(bands)
      .getAllByRole('group')
      .map((g) => g.querySelector('legend')!.textContent);
    expect(colours).toEqual(['Grey', 'Pink', 'Red', 'Purple', 'Yellow', 'White', 'Blue', 'Orange', 'Green']);
    const green = within(within(bands).getByRole('group', { name: 'Green' }));
    expect(green.getByRole<HTMLSelectElement>('combobox', { name: 'kind' }).value).toBe('fixed');
    expect(green.getByLabelText<HTMLInputElement>('value').value).toBe('6');

    // A new rule made by_band offers every colour, none with a dose chosen, each refused until it has one.
    await user.click(screen.getByRole('button', { name: 'Add dose rule' }));
    const added = within(group('dose rule #3'));
    await user.selectOptions(added.getByRole('combobox', { name: 'kind' }), 'by_band');
    const newBands = within(added.getByRole('group', { name: 'bands' }));
    expect(newBands.getAllByRole<HTMLSelectElement>('combobox', { name: 'kind' }).map((k) => k.value)).toEqual(
      Array(9).fill(''),
    );
    await waitFor(() => expect(problems()).toContain('rules.2.dose.bands.Grey.kind: choose one: fixed, per_kg'));
  });

  it("edits an unknown-age dose that reads 'ask', and adds one for a colour that had none", async () => {
    const user = userEvent.setup();
    renderEditor({ kind: 'medication', key: 'albuterol', versionId: null });
    await screen.findByRole('heading', { name: 'New draft of medication albuterol' });
    const neb = within(group('albuterol-pediatric-bronchospasm-neb'));
    await user.click(neb.getByText('albuterol-pediatric-bronchospasm-neb'));
    const white = () =>
      within(within(neb.getByRole('group', { name: 'if age unknown' })).getByRole('group', { name: 'White' }));
    // MCG 1309 gives both doses on the White rows: the colour does not settle it.
    expect(white().getByRole<HTMLSelectElement>('combobox', { name: 'kind' }).value).toBe('ask');
    expect(white().queryByLabelText('value')).toBeNull();

    await user.selectOptions(white().getByRole('combobox', { name: 'kind' }), 'fixed');
    await waitFor(() => expect(problems().join('\n')).toMatch(/if_age_unknown\.White/));
    await fill(user, white().getByLabelText('value'), '2.5');
    // What is left to fill in is the change log's, not the dose's.
    await waitFor(() => expect(problems().join('\n')).not.toMatch(/if_age_unknown/));
    expect(diffRows().join('\n')).toMatch(/if_age_unknown › White/);
    // Back to "ask": nothing differs from the version in force.
    await user.selectOptions(white().getByRole('combobox', { name: 'kind' }), 'ask');
    await waitFor(() => expect(screen.getByText('No field differs from the version in force.')).toBeTruthy());

    // The inhaler rule has no unknown-age doses: each colour is offered, and added empty.
    const mdi = within(group('albuterol-pediatric-bronchospasm-mdi'));
    await user.click(mdi.getByText('albuterol-pediatric-bronchospasm-mdi'));
    await user.click(mdi.getByRole('button', { name: 'Add Blue (optional)' }));
    const blue = within(mdi.getByRole('group', { name: 'Blue' }));
    expect(document.activeElement).toBe(blue.getByRole('combobox', { name: 'kind' }));
    await waitFor(() => expect(problems().join('\n')).toMatch(/if_age_unknown\.Blue/));
    await user.selectOptions(blue.getByRole('combobox', { name: 'kind' }), 'ask');
    await waitFor(() => expect(problems().join('\n')).not.toMatch(/if_age_unknown/));
    expect(diffRows().join('\n')).toMatch(/if_age_unknown › Blue/);
  });
});

describe('other versions of the record on their way', { timeout: 30_000 }, () => {
  const notice = () => screen.queryByTestId('other-open-versions');

  it("names a colleague's version in review of the record being drafted, and no other record's", async () => {
    versionsOnTheWay = [
      versionRow({ id: ID_IN_REVIEW, key: 'naloxone', version: 5, status: 'review', created_by_name: 'Dr. Other' }),
      versionRow({ id: ID_ELSEWHERE, key: 'epinephrine', version: 3, status: 'draft', created_by_name: 'Dr. Other' }),
      versionRow({
        id: ID_MINE,
        key: 'naloxone',
        version: 6,
        status: 'scheduled',
        created_by_name: 'Dr. Test',
        created_by: director.me.id,
      }),
    ];
    const calls = renderEditor({ kind: 'medication', key: 'naloxone', versionId: null });
    await screen.findByRole('heading', { name: 'New draft of medication naloxone' });
    await waitFor(() => expect(notice()).not.toBeNull());
    const open = within(notice()!);
    expect(open.getByRole('heading').textContent).toBe('2 other versions of medication naloxone on the way');
    expect(open.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^Version 5 · In review · drafted by Dr\. Other, /),
      expect.stringMatching(/^Version 6 · Scheduled · drafted by you, /),
    ]);
    expect(open.getByRole('link', { name: 'Version 5' }).getAttribute('href')).toBe(
      `/console/versions/${ID_IN_REVIEW}`,
    );
    // Every state a version is on its way in is asked for, of this kind only.
    expect(
      calls
        .filter((c) => c.fn === 'list_reference_versions')
        .map((c) => [c.args['filter_kind'], c.args['filter_status']]),
    ).toEqual([
      ['medication', 'draft'],
      ['medication', 'review'],
      ['medication', 'approved'],
      ['medication', 'scheduled'],
    ]);
  });

  it("flags a new record's id once it is typed, if a draft of that id is already open", async () => {
    versionsOnTheWay = [
      versionRow({ id: ID_IN_REVIEW, key: 'ketamine', version: 1, status: 'draft', created_by_name: 'Dr. Other' }),
    ];
    const user = userEvent.setup();
    renderEditor({ kind: 'medication', key: null, versionId: null });
    const identity = within(await screen.findByRole('group', { name: 'Which medication this is' }));
    await fill(user, identity.getByLabelText('id'), 'ketamin');
    expect(notice()).toBeNull();
    await user.type(identity.getByLabelText('id'), 'e');
    await waitFor(() =>
      expect(within(notice()!).getByRole('listitem').textContent).toMatch(/^Version 1 · Draft · drafted by Dr\. Other/),
    );
  });
});

describe('a brand-new medication', { timeout: 30_000 }, () => {
  it('starts empty, asks which medication it is first, and is compared against no active version', async () => {
    const user = userEvent.setup();
    renderEditor({ kind: 'medication', key: null, versionId: null });
    await screen.findByRole('heading', { name: 'New medication' });
    const identity = within(screen.getByRole('group', { name: 'Which medication this is' }));
    expect(identity.getByLabelText<HTMLInputElement>('id').value).toBe('');
    expect(identity.getByLabelText<HTMLInputElement>('name').value).toBe('');
    expect(screen.getByRole('group', { name: 'rules (0)' })).toBeTruthy();
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'adult only' }).value).toBe('');

    await waitFor(() =>
      expect(problems()).toEqual(
        expect.arrayContaining([
          'id: fill this in first: a medication id is its generic name in kebab case (e.g. calcium-chloride)',
          'name: fill this in',
          'status: choose one: calculated, titrated, not_in_formulary',
          'adult_only: choose yes or no',
        ]),
      ),
    );
    // The key's problem is said once, not again in the schema's words.
    expect(problems().filter((p) => p?.startsWith('id:'))).toHaveLength(1);
    expect(saveButton()).toHaveProperty('disabled', true);
    expect(screen.getByRole('heading', { name: 'Changes against no active version' })).toBeTruthy();
    const diff = screen.getByRole('table', { name: 'Changes against no active version' });
    expect(within(diff).getAllByRole('insertion').length).toBe(within(diff).getAllByRole('row').length - 1);

    await fill(user, identity.getByLabelText('id'), 'Naloxone 2');
    await waitFor(() =>
      expect(problems()).toContain('id: a medication id is its generic name in kebab case (e.g. calcium-chloride)'),
    );
  });

  it('refuses the id of a medication in force, saying to start from that one instead', async () => {
    const user = userEvent.setup();
    renderEditor({ kind: 'medication', key: null, versionId: null });
    await screen.findByRole('heading', { name: 'New medication' });
    await fill(user, screen.getByLabelText('id', { selector: 'input' }), 'naloxone');
    await waitFor(() =>
      expect(problems()).toContain(
        'id: medication naloxone is already in force: to change it, choose it under “Change a” and start a draft from it',
      ),
    );
  });

  it('is filled in with a dose rule, one added and removed on the way, and saved under the id typed', async () => {
    const user = userEvent.setup();
    const calls = renderEditor({ kind: 'medication', key: null, versionId: null });
    await screen.findByRole('heading', { name: 'New medication' });
    const identity = within(screen.getByRole('group', { name: 'Which medication this is' }));
    await fill(user, identity.getByLabelText('id'), 'test-medication');
    await fill(user, identity.getByLabelText('name'), 'Test medication');
    await fill(user, screen.getByLabelText(/^classes/), 'test class');
    await user.selectOptions(screen.getByRole('combobox', { name: 'status' }), 'calculated');
    await user.selectOptions(screen.getByRole('combobox', { name: 'adult only' }), 'true');

    await user.click(screen.getByRole('button', { name: 'Add indication' }));
    await user.keyboard('testing'); // focus is already in the new indication's id
    await user.click(screen.getByRole('button', { name: 'Add dose rule' }));
    const r = within(group('dose rule #1'));
    await user.keyboard('test-medication-adult-iv');
    await user.selectOptions(r.getByRole('combobox', { name: 'population' }), 'adult');
    await user.click(r.getByRole('checkbox', { name: 'IV' }));
    await fill(user, r.getByLabelText(/^indications/), 'testing');
    await user.selectOptions(r.getByRole('combobox', { name: 'kind' }), 'fixed');
    await fill(user, within(r.getByRole('group', { name: 'dose' })).getByLabelText('value'), '1');
    await user.selectOptions(r.getByRole('combobox', { name: 'unit' }), 'mg');
    const formulation = within(r.getByRole('group', { name: 'formulation' }));
    await fill(user, formulation.getByLabelText('label'), '1 mg/mL');
    await fill(user, formulation.getByLabelText(/^per ml/), '1');
    await fill(user, r.getByLabelText('max single'), '1');
    const limits = within(r.getByRole('group', { name: 'limits' }));
    await fill(user, limits.getByLabelText('group'), 'test-medication');
    await fill(user, limits.getByLabelText('repeat text'), 'once');
    await user.selectOptions(limits.getByRole('combobox', { name: 'over max total' }), 'refuse');
    await fill(user, r.getByLabelText(/^sources/), 'test fixture');

    // A second rule, left empty, is refused; removed, the draft is whole again.
    await user.click(screen.getByRole('button', { name: 'Add dose rule' }));
    await waitFor(() => expect(problems()).toContain('rules.1.max_single: enter a number'));
    await user.click(within(group('dose rule #2')).getByRole('button', { name: 'Remove this rule' }));
    await user.click(screen.getByRole('button', { name: 'Yes, remove dose rule #2' }));
    await fillChangeLog(user, 'Test medication', 'Added to the formulary.');
    await waitFor(() => expect(check()).toBe('Devices can use this draft.'));

    const diff = screen.getByRole('table', { name: 'Changes against no active version' });
    const fields = within(diff)
      .getAllByRole('rowheader')
      .map((th) => th.textContent);
    expect(fields).toContain('rules › test-medication-adult-iv');
    expect(fields).toContain('indications › testing');
    expect(within(diff).queryAllByRole('deletion')).toEqual([]);
    // The rule added whole reads as field: value lines, what it holds indented under its field.
    const rule = within(diff).getByRole('rowheader', { name: 'rules › test-medication-adult-iv' }).closest('tr')!;
    const added = within(rule).getByRole('insertion');
    expect(added.className).toBe('block');
    expect(added.textContent).toContain('dose:\n  kind: fixed\n  value: 1\nunit: mg');

    await user.click(saveButton());
    await waitFor(() => expect(calls.some((c) => c.fn === 'create_reference_draft')).toBe(true));
    const saved = calls.find((c) => c.fn === 'create_reference_draft')!.args;
    expect(saved['kind']).toBe('medication');
    expect(saved['record_key']).toBe('test-medication');
    expect(saved['change_log']).toEqual([
      { type: 'Addition', section: 'Test medication', description: 'Added to the formulary.' },
    ]);
    // Exactly what was typed: nothing the director did not fill in.
    expect(saved['content']).toEqual({
      id: 'test-medication',
      name: 'Test medication',
      brand_names: [],
      aliases: [],
      classes: ['test class'],
      status: 'calculated',
      indications: [{ id: 'testing', aliases: [] }],
      rules: [
        {
          id: 'test-medication-adult-iv',
          population: 'adult',
          routes: ['IV'],
          indications: ['testing'],
          dose: { kind: 'fixed', value: 1 },
          unit: 'mg',
          formulation: { label: '1 mg/mL', per_ml: 1 },
          max_single: 1,
          limits: { group: 'test-medication', repeat_text: 'once', over_max_total: 'refuse' },
          notes: [],
          sources: ['test fixture'],
        },
      ],
      adult_only: true,
      contraindications: [],
      allergy_terms: [],
      interactions: [],
      age_cautions: [],
      referrals: [],
      sources: [],
    });
  });
});

describe('a brand-new protocol', { timeout: 30_000 }, () => {
  it('asks for its code, name and population first, and refuses a pediatric code on an adult protocol', async () => {
    const user = userEvent.setup();
    renderEditor({ kind: 'protocol', key: null, versionId: null });
    await screen.findByRole('heading', { name: 'New protocol' });
    const identity = within(screen.getByRole('group', { name: 'Which protocol this is' }));
    expect(identity.getByLabelText<HTMLInputElement>('tp code').value).toBe('');
    expect(identity.getByRole<HTMLSelectElement>('combobox', { name: 'population' }).value).toBe('');

    await fill(user, identity.getByLabelText('tp code'), '1211');
    await waitFor(() => expect(problems()[0]).toMatch(/^tp_code: protocol 1211 is already in force/));
    await user.clear(identity.getByLabelText('tp code'));
    await fill(user, identity.getByLabelText('tp code'), '1299-P');
    await fill(user, identity.getByLabelText('name'), 'Test Protocol');
    await user.selectOptions(identity.getByRole('combobox', { name: 'population' }), 'adult');
    await fill(user, screen.getByLabelText('category'), 'Test');
    await fill(user, screen.getByLabelText(/^keywords/), 'test');
    await user.click(screen.getByRole('button', { name: 'Add section' }));
    const section = within(group('section #1'));
    await user.selectOptions(section.getByRole('combobox', { name: 'kind' }), 'treatment');
    await fill(user, section.getByLabelText('title'), 'Treat');
    await fill(user, section.getByLabelText(/^items/), 'A test step.');
    await fillChangeLog(user, 'Test Protocol', 'New.');
    await waitFor(() =>
      expect(problems()).toEqual(['population: pediatric protocols, and only they, have a code ending in -P']),
    );
    await user.selectOptions(identity.getByRole('combobox', { name: 'population' }), 'pediatric');
    await waitFor(() => expect(check()).toBe('Devices can use this draft.'));
  });
});
