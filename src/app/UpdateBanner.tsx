import { useSwUpdate } from './sw-update';

export function UpdateBanner() {
  const { updateReady, applyUpdate } = useSwUpdate();
  if (!updateReady) return null;
  return (
    <div className="update-banner" role="alert">
      <span>A new version of Rigside is ready. Nothing you have saved will be lost.</span>
      <button type="button" className="button primary" onClick={applyUpdate}>
        Update now
      </button>
    </div>
  );
}
