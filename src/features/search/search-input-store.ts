import { create } from 'zustand';

interface SearchInputStore {
  query: string;
  setQuery: (query: string) => void;
}

/** The query survives opening a protocol and coming back, like a browser's back button would. */
export const useSearchInput = create<SearchInputStore>((set) => ({
  query: '',
  setQuery(query) {
    set({ query });
  },
}));
