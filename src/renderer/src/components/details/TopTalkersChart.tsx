// The addresses that sent or received the most in the collection's flows, by packets, bytes (where the format prints
// them) or flows.
import { useState } from 'react';
import { getFlowRows } from '../../store/flowCache';
import { hasBytes, metricOf, topTalkers, type ShareMetric, type TalkerSide } from './flowStatistics';
import { ShareBars, Toggle } from './ShareBars';

const shownTalkers = 8;

export function TopTalkersChart({ collectionId }: { collectionId: string }) {
  const [side, setSide] = useState<TalkerSide>('src');
  const [metric, setMetric] = useState<ShareMetric>('packets');
  const rows = getFlowRows(collectionId);
  const bytesKnown = hasBytes(rows);
  const shown: ShareMetric = metric === 'bytes' && !bytesKnown ? 'packets' : metric;
  const shares = topTalkers(rows, side, shown, shownTalkers);
  const total = topTalkers(rows, side, shown, Number.MAX_SAFE_INTEGER).reduce((sum, share) => sum + metricOf(share, shown), 0);
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
      {rows.length === 0 ? <p className="muted">No flows.</p> : <ShareBars shares={shares} metric={shown} total={total} testId="top-talkers" labelClass="cell-address" />}
    </>
  );
}
