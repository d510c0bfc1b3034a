import { createContext, useContext } from 'react';
import type { ConsoleClient } from './console-client';
import type { ConsoleContext } from './schemas';

/** What every console page needs: the signed-in client and who the caller is in their department. */
export interface ConsoleServices {
  client: ConsoleClient;
  context: ConsoleContext;
  online: boolean;
}

const Services = createContext<ConsoleServices | null>(null);
export const ConsoleServicesProvider = Services.Provider;

export function useConsole(): ConsoleServices {
  const value = useContext(Services);
  if (!value) throw new Error('useConsole() outside the console shell');
  return value;
}

/** A person's name by id, for rows that carry only ids. */
export function personName(context: ConsoleContext, id: string | null): string {
  if (!id) return '';
  const person = context.people.find((p) => p.id === id);
  return person ? `${person.fullName} (${person.badgeNumber})` : id.slice(0, 8);
}
