// Below the flows: the connections grid (or, while a flow is selected, its matches on every host) and the processes
// grid side by side, in a pane whose height and split can be dragged;
// a one-line hint until the first host collection, so the flows keep the room until then.
import { useRef, useState } from 'react';
import { useAppStore } from '../../store/appStore';
import { FlowMatchesGrid } from '../pivot/FlowMatchesGrid';
import { ConnectionsGrid } from './ConnectionsGrid';
import { ProcessesGrid } from './ProcessesGrid';
import { ResizeHandle } from '../ResizeHandle';

const minHeight = 140;
/** Room kept above the pane for the flows, and below it for the log. */
const otherRoom = 380;
/** The pane's share of the window's height until the analyst drags it. */
const defaultShare = 0.38;
const minShare = 0.2;
const maxShare = 0.8;

function clampHeight(height: number): number {
  return Math.max(minHeight, Math.min(height, window.innerHeight - otherRoom));
}

const clampShare = (share: number) => Math.max(minShare, Math.min(share, maxShare));

export function HostsPane() {
  const hasCollections = useAppStore((s) => s.hostCollections.length > 0);
  const showMatches = useAppStore((s) => s.pivot?.kind === 'flow' && s.connectionsView === 'matches');
  /** Null until the analyst resizes the pane: then it follows the window. */
  const [chosenHeight, setChosenHeight] = useState<number | null>(null);
  /** The connections grid's share of the width. */
  const [share, setShare] = useState(0.68);
  const gridsRef = useRef<HTMLDivElement>(null);
  const start = useRef({ height: 0, share });

  if (!hasCollections) {
    return (
      <section className="hosts-pane hosts-pane-empty" aria-label="Host connections and processes" data-testid="hosts-pane">
        <p className="muted">
          A host’s connections and processes appear here: choose “Collect connections” or “Collect processes” on a host in the list, or tick several hosts and “Collect from” them at once.
        </p>
      </section>
    );
  }

  const height = chosenHeight ?? clampHeight(Math.round(window.innerHeight * defaultShare));
  return (
    <section className="hosts-pane" style={{ height }} aria-label="Host connections and processes" data-testid="hosts-pane">
      <ResizeHandle
        between="rows"
        label="Resize the host grids"
        valueNow={height}
        valueMin={minHeight}
        valueMax={window.innerHeight}
        onDrag={(delta, phase) => {
          if (phase === 'start') start.current.height = height;
          setChosenHeight(clampHeight(start.current.height - delta));
        }}
        onStep={(direction, big) => setChosenHeight(clampHeight(height - direction * (big ? 80 : 20)))}
      />
      <div className="host-grids" ref={gridsRef} style={{ gridTemplateColumns: `minmax(0, ${share}fr) 6px minmax(0, ${1 - share}fr)` }}>
        {showMatches ? <FlowMatchesGrid /> : <ConnectionsGrid />}
        <ResizeHandle
          between="columns"
          label="Share the width between connections and processes"
          valueNow={share * 100}
          valueMin={minShare * 100}
          valueMax={maxShare * 100}
          onDrag={(delta, phase) => {
            if (phase === 'start') start.current.share = share;
            const width = gridsRef.current?.clientWidth ?? 1;
            setShare(clampShare(start.current.share + delta / width));
          }}
          onStep={(direction, big) => setShare((s) => clampShare(s + direction * (big ? 0.1 : 0.03)))}
        />
        <ProcessesGrid />
      </div>
    </section>
  );
}
