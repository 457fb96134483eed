// Below the grid: the flows' protocol mix and top talkers, the router's packet sizes, and its own statistics (the
// per-protocol table and the flow cache) side by side. Once hosts are collected the strip folds to one line, so the
// flows and the host grids share the height; the analyst's own choice to open or fold it is kept.
import { useMemo, useState } from 'react';
import { useAppStore } from '../../store/appStore';
import { getFlowTable } from '../../store/flowCache';
import { selectActiveCollection } from '../../store/selectors';
import { formatPercent } from '../format';
import { CacheStats } from './CacheStats';
import { flowTotal, protocolMix, topTalkers } from './flowStatistics';
import { PacketSizeChart } from './PacketSizeChart';
import { ProtocolMixChart } from './ProtocolMixChart';
import { ProtocolTable } from './ProtocolTable';
import { Toggle } from './ShareBars';
import { TopTalkersChart } from './TopTalkersChart';
import { useAfterFirstPaint } from './afterFirstPaint';
import type { ReactNode } from 'react';

type RouterView = 'protocols' | 'cache';
type Folding = 'open' | 'folded';

const foldingKey = 'flowpivot.statistics';

function readFolding(): Folding | null {
  const saved = localStorage.getItem(foldingKey);
  return saved === 'open' || saved === 'folded' ? saved : null;
}

/** "TCP 84% · ICMP 13% · UDP 3% of flows · top source 10.xx.50.81, 40% of packets". */
function summaryOf(collectionId: string): string {
  const table = getFlowTable(collectionId);
  if (table === null || table.length === 0) return 'No flows.';
  const mix = protocolMix(table, 'flows')
    .slice(0, 3)
    .map((share) => `${share.label} ${formatPercent(share.flows / table.length)}`)
    .join(' · ');
  const packets = flowTotal(table, 'packets');
  const [top] = topTalkers(table, 'src', 'packets', 1);
  return `${mix} of flows${top && packets > 0 ? ` · top source ${top.label}, ${formatPercent(top.packets / packets)} of packets` : ''}`;
}

export function CollectionDetails() {
  const collection = useAppStore(selectActiveCollection);
  const hostsCollected = useAppStore((s) => s.hostCollections.length > 0);
  const [routerView, setRouterView] = useState<RouterView>('protocols');
  const [chosen, setChosen] = useState<Folding | null>(readFolding);
  const collectionId = collection?.id ?? null;
  const counted = useAfterFirstPaint(getFlowTable(collectionId));
  const summary = useMemo(() => (collectionId === null || !counted ? 'Counting…' : summaryOf(collectionId)), [collectionId, counted]);
  if (!collection) return null;
  const folding: Folding = chosen ?? (hostsCollected ? 'folded' : 'open');
  const toggle = () => {
    const next: Folding = folding === 'open' ? 'folded' : 'open';
    setChosen(next);
    localStorage.setItem(foldingKey, next);
  };
  const { sections } = collection;
  return (
    <section className={`details-strip details-${folding}`} aria-label="Statistics of the flows" data-testid="statistics" data-folding={folding}>
      <div className="details-head">
        <button type="button" className="link-button details-toggle" aria-expanded={folding === 'open'} data-testid="statistics-toggle" onClick={toggle}>
          <span aria-hidden="true">{folding === 'open' ? '▾' : '▸'}</span> Statistics
        </button>
        {folding === 'folded' && (
          <span className="muted small details-summary" data-testid="statistics-summary">
            {summary}
          </span>
        )}
      </div>
      {folding === 'open' && (
        <div className="details">
          <Panel name="mix" title="Protocol mix">
            <ProtocolMixChart collectionId={collection.id} />
          </Panel>
          <Panel name="talkers" title="Top talkers">
            <TopTalkersChart collectionId={collection.id} />
          </Panel>
          <Panel name="sizes" title="Packet sizes">
            <PacketSizeChart buckets={sections.packetSizes} totalPackets={sections.totalPackets} />
          </Panel>
          <section className="panel panel-router" aria-labelledby="router-stats-heading">
            <div className="panel-head">
              <h2 id="router-stats-heading">Router statistics</h2>
              <Toggle
                label="Router statistics shown"
                testId="router-stats-view"
                value={routerView}
                onChange={setRouterView}
                options={[
                  { value: 'protocols', label: 'Protocols' },
                  { value: 'cache', label: 'Flow cache' },
                ]}
              />
            </div>
            <div className="panel-body" hidden={routerView !== 'protocols'}>
              <ProtocolTable protocols={sections.protocols} total={sections.protocolTotal} />
            </div>
            <div className="panel-body" hidden={routerView !== 'cache'}>
              <CacheStats stats={sections.cache} />
            </div>
          </section>
        </div>
      )}
    </section>
  );
}

/** One titled statistics panel: `name` gives its class (panel-<name>) and heading id. */
function Panel({ name, title, children }: { name: string; title: string; children: ReactNode }) {
  return (
    <section className={`panel panel-${name}`} aria-labelledby={`${name}-heading`}>
      <h2 id={`${name}-heading`}>{title}</h2>
      <div className="panel-body">{children}</div>
    </section>
  );
}
