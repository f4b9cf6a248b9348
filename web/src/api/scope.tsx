/**
 * @module Which evolution and ladder the pages show: the server's default until the user picks
 * another in the header; the choice is kept for the browser.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { withQuery } from './client.js';

export interface ScopeChoice {
  evolution?: string;
  ladder?: string;
}

interface ScopeContextValue {
  choice: ScopeChoice;
  choose(choice: ScopeChoice): void;
  /** `path` with the chosen evolution and ladder (and `extra`) as query parameters. */
  scoped(path: string, extra?: Record<string, string | number | undefined | null>): string;
}

const STORAGE_KEY = 'genesys-scope';
const ScopeContext = createContext<ScopeContextValue | null>(null);

/** The choice remembered by this browser (what the provider starts with). */
export function storedScope(): ScopeChoice {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as ScopeChoice;
    return { evolution: value.evolution || undefined, ladder: value.ladder || undefined };
  } catch {
    return {};
  }
}

/** `path` with the choice's evolution and ladder (and `extra`) as query parameters. */
export function scopedPath(choice: ScopeChoice, path: string, extra: Record<string, string | number | undefined | null> = {}): string {
  return withQuery(path, { evolution: choice.evolution, ladder: choice.ladder, ...extra });
}

export function ScopeProvider({ children }: { children: ReactNode }) {
  const [choice, setChoice] = useState<ScopeChoice>(storedScope);
  const choose = useCallback((next: ScopeChoice) => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setChoice(next);
  }, []);
  const value = useMemo<ScopeContextValue>(() => ({
    choice,
    choose,
    scoped: (path, extra = {}) => scopedPath(choice, path, extra),
  }), [choice, choose]);
  return <ScopeContext.Provider value={value}>{children}</ScopeContext.Provider>;
}

export function useScope(): ScopeContextValue {
  const value = useContext(ScopeContext);
  if (!value) throw new Error('useScope outside ScopeProvider');
  return value;
}
