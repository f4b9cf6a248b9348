/** @module The loading, empty and error states every page uses, and the 404 page. */
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import type { ApiError } from '../api/client.js';

export function Loading({ what }: { what: string }) {
  return <div className="state state-loading" role="status"><span className="spinner" /> Loading {what}…</div>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

export function NotFound({ message }: { message?: string }) {
  return (
    <section className="not-found" data-page="not-found">
      <h1>404 — not found</h1>
      <p>{message ?? 'There is no page at this address.'}</p>
      <p><Link href="/">Back to the overview</Link></p>
    </section>
  );
}

export function ErrorView({ error, retry }: { error: ApiError; retry?: () => void }) {
  if (error.status === 404) return <NotFound message={error.message} />;
  const hint = error.status === 401 ? 'Open the dashboard with ?token=<token> in the address.' : null;
  return (
    <div className="state state-error" role="alert">
      <strong>Could not load this view.</strong> {error.message}
      {hint && <div>{hint}</div>}
      {retry && <button type="button" onClick={retry}>Try again</button>}
    </div>
  );
}

/** Renders `children(data)` once loaded; the loading or error state before. */
export function Loaded<T>({ state, what, children }: {
  state: { data: T | undefined; error: ApiError | undefined; reload(): void };
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (state.data !== undefined) return <>{children(state.data)}</>;
  if (state.error) return <ErrorView error={state.error} retry={state.reload} />;
  return <Loading what={what} />;
}
