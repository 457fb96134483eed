// The window: header; the case, routers, hosts and lab on the left; flows and their statistics in the middle, the
// hosts' connections and processes below them; the log at the bottom. A window reviewing a case says so above it all.
import { CasePanel } from './components/case/CasePanel';
import { ReviewBanner } from './components/case/ReviewBanner';
import { CollectionBar } from './components/flows/CollectionBar';
import { CollectorPanel } from './components/flows/CollectorPanel';
import { CollectionDetails } from './components/details/CollectionDetails';
import { Diagnostics } from './components/details/Diagnostics';
import { DialogHost } from './components/dialogs/DialogHost';
import { FlowsGrid } from './components/flows/FlowsGrid';
import { Header } from './components/Header';
import { HostList } from './components/hosts/HostList';
import { HostsPane } from './components/hosts/HostsPane';
import { WatchPanel } from './components/watch/WatchPanel';
import { FirstRunPanel, LabPanel } from './components/LabPanel';
import { LogPane } from './components/LogPane';
import { NoticeBanners } from './components/NoticeBanners';
import { PivotBar } from './components/pivot/PivotBar';
import { RouterList } from './components/RouterList';
import { TerminalPane } from './components/terminal/TerminalPane';
import { useActions, useAppStore } from './store/appStore';

function BootScreen() {
  const boot = useAppStore((s) => s.boot);
  const { reload } = useActions();
  if (boot.state === 'loading') {
    return (
      <div className="boot" role="status">
        <span className="spinner" aria-hidden="true" /> Starting FlowPivot…
      </div>
    );
  }
  if (boot.state === 'failed') {
    return (
      <div className="boot boot-failed" role="alert" data-testid="boot-error">
        <p>FlowPivot could not start the window.</p>
        <p className="boot-message">{boot.message}</p>
        <button type="button" onClick={() => void reload()}>
          Try again
        </button>
      </div>
    );
  }
  return null;
}

export function App() {
  const ready = useAppStore((s) => s.boot.state === 'ready');
  return (
    <div className="app">
      <Header />
      {ready ? (
        <div className="workspace">
          <aside className="sidebar" aria-label="Case, routers, hosts and lab">
            <CasePanel />
            <FirstRunPanel />
            <RouterList />
            <HostList />
            <LabPanel />
          </aside>
          <main className="main">
            <ReviewBanner />
            <NoticeBanners />
            <div className="flows-pane">
              <CollectorPanel />
              <CollectionBar />
              <Diagnostics />
              <FlowsGrid />
              <CollectionDetails />
            </div>
            <PivotBar />
            <WatchPanel />
            <HostsPane />
            <TerminalPane />
          </main>
        </div>
      ) : (
        <BootScreen />
      )}
      {ready && <LogPane />}
      <DialogHost />
    </div>
  );
}
