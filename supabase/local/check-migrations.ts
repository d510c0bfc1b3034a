// `npm run check:migrations`: fails when a migration that had already landed was changed.
// Migrations are history (supabase/migrations/<timestamp>_<what>.sql): once a commit holds one,
// the next change to the schema is a new file, never an edit, or a database that applied the
// old text would differ from one that applies the new.
//
// It needs nothing but the repository's own history, so it works the same in a fresh clone in
// CI and on a developer's machine: every step of the first-parent history (each commit against
// its first parent, which on main is the commit before a landing) may add migrations but not
// modify, rename or delete one its parent had; and the working tree may not change one that
// HEAD has. History from before this rule existed (the steps before this file's first commit)
// is not judged.
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export const MIGRATIONS_DIR = 'supabase/migrations';
/** The rule holds from the first commit that carries this file. */
export const RULE_FILE = 'supabase/local/check-migrations.ts';

export interface MigrationChange {
  /** The commit that made the change, or "working tree". */
  where: string;
  status: string;
  file: string;
}

export interface MigrationCheck {
  changes: MigrationChange[];
  stepsChecked: number;
  /** The history ends before the rule's first commit (a shallow clone): only what is there was checked. */
  partialHistory: boolean;
}

function git(repo: string, args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function changedMigrations(repo: string, from: string, to: string | null, where: string): MigrationChange[] {
  // Modified, deleted (a rename counts as one, with --no-renames) or changed in type: a file the
  // older side had. Added files are new migrations, which is how the schema changes.
  const args = [
    'diff',
    '--no-renames',
    '--name-status',
    '--diff-filter=MDT',
    from,
    ...(to ? [to] : []),
    '--',
    MIGRATIONS_DIR,
  ];
  return git(repo, args)
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [status = '', file = ''] = line.split('\t');
      return { where, status: status === 'D' ? 'deleted' : 'modified', file };
    });
}

export function checkMigrations(
  repo: string,
  options: { ruleFile?: string; includeWorkingTree?: boolean } = {},
): MigrationCheck {
  const ruleFile = options.ruleFile ?? RULE_FILE;
  const changes: MigrationChange[] = [];
  const commits = git(repo, ['rev-list', '--first-parent', 'HEAD']).split('\n').filter(Boolean);
  const hasRule = (commit: string) => git(repo, ['ls-tree', '--name-only', commit, '--', ruleFile]).trim() !== '';
  let stepsChecked = 0;
  let reachedStart = false;
  for (const commit of commits) {
    const parent = git(repo, ['rev-list', '--max-count=1', '--parents', commit]).trim().split(' ')[1];
    if (!parent) {
      reachedStart = true;
      break;
    }
    if (!hasRule(parent)) {
      reachedStart = true;
      break;
    }
    stepsChecked++;
    changes.push(...changedMigrations(repo, parent, commit, commit.slice(0, 12)));
  }
  if (options.includeWorkingTree ?? true) changes.push(...changedMigrations(repo, 'HEAD', null, 'working tree'));
  const shallow = git(repo, ['rev-parse', '--is-shallow-repository']).trim() === 'true';
  return { changes, stepsChecked, partialHistory: shallow && !reachedStart };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const repo = git(process.cwd(), ['rev-parse', '--show-toplevel']).trim();
  const { changes, stepsChecked, partialHistory } = checkMigrations(repo);
  if (partialHistory) console.warn('check-migrations: this clone is shallow; only the history it holds was checked');
  if (changes.length > 0) {
    for (const c of changes) console.error(`${c.where}: ${c.file} was ${c.status} after it landed`);
    console.error(
      `check-migrations: ${changes.length} landed migration(s) changed. Put the change in a new migration (supabase/migrations/<timestamp>_<what>.sql) and restore the old file.`,
    );
    process.exit(1);
  }
  console.log(`check-migrations: no landed migration changed (${stepsChecked} commits and the working tree checked)`);
}
