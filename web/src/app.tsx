/**
 * @module The shell: header with navigation, the evolution and ladder pickers and the live
 * indicator, and the routes. Pages load on first visit, so the first page drawn pulls in only
 * its own libraries.
 */
import { lazy, Suspense, useEffect } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { ScopeProvider, scopedPath, storedScope, useScope } from './api/scope.js';
import type { EvolutionsResponse } from './api/types.js';
import { prefetch, useApi } from './api/use-api.js';
import { Loading, NotFound } from './components/states.js';
import { LiveProvider, useLive } from './live/live.js';

const OverviewPage = lazy(() => import('./pages/overview.js'));
// The two big views start fetching their data while their code loads, not after.
const TreePage = lazy(() => {
  prefetch(scopedPath(storedScope(), '/api/tree'));
  return import('./pages/tree.js');
});
const LeaderboardPage = lazy(() => {
  prefetch(scopedPath(storedScope(), '/api/leaderboard', { scale: new URLSearchParams(window.location.search).get('scale') }));
  return import('./pages/leaderboard.js');
});
const DesignPage = lazy(() => import('./pages/design.js'));
const ComparePage = lazy(() => import('./pages/compare.js'));
const OperationsPage = lazy(() => import('./pages/operations.js'));

const NAV: [string, string][] = [['/', 'Overview'], ['/tree', 'Evolution tree'], ['/leaderboard', 'Leaderboard'], ['/compare', 'Compare'], ['/nodes', 'Nodes & jobs']];

function ScopePicker() {
  const { choice, choose } = useScope();
  const evolutions = useApi<EvolutionsResponse>('/api/evolutions', ['designs', 'verifications']);
  const list = evolutions.data?.evolutions ?? [];
  const current = list.find((evolution) => evolution.name === (choice.evolution ?? evolutions.data?.current?.evolution));
  useEffect(() => {
    // A remembered evolution that this store does not have falls back to the server's default.
    if (evolutions.data && choice.evolution && !list.some((evolution) => evolution.name === choice.evolution)) choose({});
  }, [evolutions.data, choice.evolution, list, choose]);
  if (list.length === 0) return null;
  const ladders = current?.ladders.length ? current.ladders : [evolutions.data?.current?.ladder ?? 'cpu-micro'];
  return (
    <div className="scope-picker">
      <label>Evolution{' '}
        <select value={current?.name ?? ''} onChange={(event) => choose({ evolution: event.target.value })}>
          {list.map((evolution) => <option key={evolution.name} value={evolution.name}>{evolution.name} ({evolution.designs})</option>)}
        </select>
      </label>
      <label>Ladder{' '}
        <select value={choice.ladder ?? (choice.evolution ? ladders[0] : evolutions.data?.current?.ladder) ?? ''}
          onChange={(event) => choose({ ...choice, ladder: event.target.value })}>
          {ladders.map((ladder) => <option key={ladder} value={ladder}>{ladder}</option>)}
        </select>
      </label>
    </div>
  );
}

function LiveIndicator() {
  const { connected } = useLive();
  return <span className={`live ${connected ? 'live-on' : 'live-off'}`} title={connected ? 'live updates on' : 'reconnecting to the live feed'}>{connected ? 'live' : 'offline'}</span>;
}

function Header() {
  const [location] = useLocation();
  const active = (href: string) => (href === '/' ? location === '/' : location.startsWith(href));
  return (
    <header className="app-header">
      <Link href="/" className="brand">Genesys</Link>
      <nav>
        {NAV.map(([href, label]) => <Link key={href} href={href} className={active(href) ? 'active' : undefined}>{label}</Link>)}
      </nav>
      <ScopePicker />
      <LiveIndicator />
    </header>
  );
}

export function App() {
  return (
    <ScopeProvider>
      <LiveProvider>
        <Header />
        <main className="app-main">
          <Suspense fallback={<Loading what="the page" />}>
            <Switch>
              <Route path="/" component={OverviewPage} />
              <Route path="/tree" component={TreePage} />
              <Route path="/leaderboard" component={LeaderboardPage} />
              <Route path="/designs/:id" component={DesignPage} />
              <Route path="/compare" component={ComparePage} />
              <Route path="/nodes" component={OperationsPage} />
              <Route><NotFound /></Route>
            </Switch>
          </Suspense>
        </main>
      </LiveProvider>
    </ScopeProvider>
  );
}
