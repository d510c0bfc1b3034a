import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { UpdateBanner } from './UpdateBanner';
import { useSwUpdate } from './sw-update';

afterEach(() => {
  cleanup();
  useSwUpdate.setState({ updateReady: false, applyUpdate() {} });
});

describe('update banner', () => {
  it('stays hidden while no new version is waiting', () => {
    render(<UpdateBanner />);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('applies a waiting version only when the user taps Update now', async () => {
    const applyUpdate = vi.fn();
    useSwUpdate.setState({ updateReady: true, applyUpdate });
    render(<UpdateBanner />);
    expect(screen.getByRole('alert').textContent).toContain('new version');
    expect(applyUpdate).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Update now' }));
    expect(applyUpdate).toHaveBeenCalledTimes(1);
  });
});
