import { useUi } from './ui-store';

/** Always visible: crews must know whether what they record is leaving the rig now or later. */
export function ConnectivityBadge() {
  const online = useUi((s) => s.online);
  return (
    <span
      className={`connectivity ${online ? 'is-online' : 'is-offline'}`}
      role="status"
      aria-label="Connection"
      aria-live="polite"
      title={online ? undefined : 'Offline: everything is saved on this device and sent later'}
    >
      <span className="dot" aria-hidden="true" />
      {online ? 'Online' : 'Offline'}
    </span>
  );
}
