import { lazy, Suspense } from 'react';
import { useUi } from '../../app/ui-store';
import { SearchHome } from './SearchHome';

// The protocol page (and the clinical acts it records) loads when a protocol is first opened.
const ProtocolView = lazy(() => import('./ProtocolView').then((m) => ({ default: m.ProtocolView })));

export function SearchScreen() {
  const protocol = useUi((s) => s.protocol);
  return protocol ? (
    <Suspense fallback={<p role="status">Opening…</p>}>
      <ProtocolView tpCode={protocol} />
    </Suspense>
  ) : (
    <SearchHome />
  );
}
