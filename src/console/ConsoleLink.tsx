import type { AnchorHTMLAttributes } from 'react';
import { CONSOLE_BASE, navigate } from './router';

/** A link to a console path ('versions/ID'): a real href to share or open, followed in the page without a reload. */
export function ConsoleLink({
  to,
  ...rest
}: { to: string } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href' | 'onClick'>) {
  return (
    <a
      {...rest}
      href={`${CONSOLE_BASE}/${to}`}
      onClick={(e) => {
        e.preventDefault();
        navigate(to);
      }}
    />
  );
}
