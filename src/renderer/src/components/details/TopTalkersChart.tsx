// The addresses that sent or received the most in the collection's flows, by packets, bytes (where the format prints
// them) or flows.
import { useState } from 'react';
import { getFlowTable } from '../../store/flowCache';
import { flowTotal, hasBytes, topTalkers, type ShareMetric, type TalkerSide } from './flowStatistics';
import { ShareBars, Toggle } from './ShareBars';
import { useAfterFirstPaint } from './afterFirstPaint';

const shownTalkers = 8;

export function TopTalkersChart({ collectionId }: { collectionId: string }) {
  const [side, setSide] = useState<TalkerSide>('src');
  const [metric, setMetric] = useState<ShareMetric>('packets');
  const table = getFlowTable(collectionId);
  const counted = useAfterFirstPaint(table);
  const bytesKnown = table !== null && hasBytes(table);
  const shown: ShareMetric = metric === 'bytes' && !bytesKnown ? 'packets' : metric;
  const shares = table && counted ? topTalkers(table, side, shown, shownTalkers) : [];
  const total = table && counted ? flowTotal(table, shown) : 0;
  return (
    <>
      <div className="chart-controls">
        <Toggle
          label="Talkers as"
          testId="talkers-side"
          value={side}
          onChange={setSide}
          options={[
            { value: 'src', label: 'Sources' },
            { value: 'dst', label: 'Destinations' },
          ]}
        />
        <Toggle
          label="Rank by"
          testId="talkers-metric"
          value={shown}
          onChange={setMetric}
          options={[
            { value: 'packets', label: 'Packets' },
            { value: 'bytes', label: 'Bytes', disabled: !bytesKnown, title: bytesKnown ? undefined : 'This format prints no byte counts' },
            { value: 'flows', label: 'Flows' },
          ]}
        />
      </div>
      {!counted ? <p className="muted">Counting…</p> : shares.length === 0 ? <p className="muted">No flows.</p> : <ShareBars shares={shares} metric={shown} total={total} testId="top-talkers" labelClass="cell-address" />}
    </>
  );
}
