import { useUi } from '../../app/ui-store';
import { ProtocolView } from './ProtocolView';
import { SearchHome } from './SearchHome';

export function SearchScreen() {
  const protocol = useUi((s) => s.protocol);
  return protocol ? <ProtocolView tpCode={protocol} /> : <SearchHome />;
}
