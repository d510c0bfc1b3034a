// The landed-migration rule on a throwaway repository: a fresh history, commits that add,
// edit and rename migrations, and what the check says about each.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkMigrations, MIGRATIONS_DIR, RULE_FILE } from '../../supabase/local/check-migrations';

let repo: string;
const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' });
function write(file: string, text: string) {
  mkdirSync(dirname(join(repo, file)), { recursive: true });
  writeFileSync(join(repo, file), text);
}
function commit(message: string) {
  git('add', '-A');
  git('-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', 'commit', '-q', '-m', message);
  return git('rev-parse', 'HEAD').trim().slice(0, 12);
}
const migration = (name: string) => `${MIGRATIONS_DIR}/${name}.sql`;

// A few git commands per case: seconds on a busy machine.
beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'rigside-migrations-'));
  git('init', '-q', '-b', 'main');
  write(migration('20260101000100_first'), 'create table a ();\n');
  commit('before the rule');
  // History from before the rule may hold edits; they are not judged.
  write(migration('20260101000100_first'), 'create table a (id int);\n');
  commit('an edit before the rule existed');
  write(RULE_FILE, '// the rule\n');
  commit('the rule arrives');
}, 30_000);
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('check-migrations', { timeout: 30_000 }, () => {
  it('accepts new migrations, and judges only history from the rule on', () => {
    write(migration('20260101000200_second'), 'create table b ();\n');
    commit('add a migration');
    expect(checkMigrations(repo)).toEqual({ changes: [], stepsChecked: 1, partialHistory: false });
  });

  it('refuses a commit that edits a migration its parent had, however far back', () => {
    write(migration('20260101000100_first'), 'create table a (id bigint);\n');
    const edit = commit('edit a landed migration');
    write(migration('20260101000200_second'), 'create table b ();\n');
    commit('then something harmless');
    expect(checkMigrations(repo).changes).toEqual([
      { where: edit, status: 'modified', file: migration('20260101000100_first') },
    ]);
  });

  it('refuses a rename and a deletion, each as the old file gone', () => {
    git('mv', migration('20260101000100_first'), migration('20260101000150_first_renamed'));
    const rename = commit('rename a landed migration');
    expect(checkMigrations(repo).changes).toEqual([
      { where: rename, status: 'deleted', file: migration('20260101000100_first') },
    ]);
  });

  it('refuses an uncommitted edit of a migration HEAD holds, but not a new file beside it', () => {
    write(migration('20260101000100_first'), '-- tidied\ncreate table a (id int);\n');
    write(migration('20260101000300_third'), 'create table c ();\n');
    expect(checkMigrations(repo).changes).toEqual([
      { where: 'working tree', status: 'modified', file: migration('20260101000100_first') },
    ]);
  });

  it('judges a landing by its first parent: a merge that brings new migrations is fine, one that edits is not', () => {
    git('checkout', '-q', '-b', 'helper');
    write(migration('20260101000200_helper'), 'create table h ();\n');
    commit('helper adds a migration');
    git('checkout', '-q', 'main');
    git(
      '-c',
      'user.name=Test',
      '-c',
      'user.email=test@example.invalid',
      'merge',
      '-q',
      '--no-ff',
      '-m',
      'land helper',
      'helper',
    );
    expect(checkMigrations(repo).changes).toEqual([]);
    git('checkout', '-q', '-b', 'editor');
    write(migration('20260101000200_helper'), 'create table h (id int);\n');
    commit('editor changes the landed migration');
    git('checkout', '-q', 'main');
    git(
      '-c',
      'user.name=Test',
      '-c',
      'user.email=test@example.invalid',
      'merge',
      '-q',
      '--no-ff',
      '-m',
      'land editor',
      'editor',
    );
    const landing = git('rev-parse', 'HEAD').trim().slice(0, 12);
    expect(checkMigrations(repo).changes).toContainEqual({
      where: landing,
      status: 'modified',
      file: migration('20260101000200_helper'),
    });
  });
});
