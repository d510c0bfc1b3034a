import { useMemo } from 'react';
import { REFERENCE_KINDS, type ReferenceKind } from '../../domain/versions/drafts';
import { useConsoleLocation } from '../router';
import { DraftEditor, type DraftTarget } from './DraftEditor';
import { VersionPage } from './VersionPage';
import { VersionsPage } from './VersionsPage';
import './versions.css';

/**
 * /console/versions, /versions/new?kind=&key= (a change to a record in force), /versions/new?kind=
 * (a brand-new record), /versions/ID and /versions/ID/edit: a chunk of its own.
 */
export function VersionsRoute() {
  const { path, search } = useConsoleLocation();
  const [, id, action] = path.split('/');
  const kind = search.get('kind');
  const key = search.get('key');
  const target = useMemo((): DraftTarget | null => {
    if (id === 'new' && kind && (REFERENCE_KINDS as readonly string[]).includes(kind))
      return { kind: kind as ReferenceKind, key: key || null, versionId: null };
    if (id && id !== 'new' && action === 'edit') return { versionId: id };
    return null;
  }, [id, action, kind, key]);
  if (!id) return <VersionsPage />;
  if (target) return <DraftEditor target={target} />;
  if (id === 'new')
    return (
      <p className="console-card">
        Choose a protocol or medication to change, or start a new one, on the versions page.
      </p>
    );
  return <VersionPage id={id} />;
}
