// The collection's flows per IP protocol, by flows or packets: what the flow table itself holds (the router's own
// per-protocol table counts every flow since its statistics were cleared).
import { useState } from 'react';
import { getFlowTable } from '../../store/flowCache';
import { protocolMix, type ShareMetric } from './flowStatistics';
import { ShareBars, Toggle } from './ShareBars';
import { useAfterFirstPaint } from './afterFirstPaint';

export function ProtocolMixChart({ collectionId }: { collectionId: string }) {
  const [metric, setMetric] = useState<ShareMetric>('flows');
  const table = getFlowTable(collectionId);
  const counted = useAfterFirstPaint(table);
  const shares = table && counted ? protocolMix(table, metric) : [];
  const total = shares.reduce((sum, share) => sum + (metric === 'flows' ? share.flows : share.packets), 0);
  return (
    <>
      <Toggle
        label="Count protocols by"
        testId="protocol-mix-metric"
        value={metric}
        onChange={setMetric}
        options={[
          { value: 'flows', label: 'Flows' },
          { value: 'packets', label: 'Packets' },
        ]}
      />
      {!counted ? <p className="muted">Counting…</p> : shares.length === 0 ? <p className="muted">No flows.</p> : <ShareBars shares={shares} metric={metric} total={total} testId="protocol-mix" />}
    </>
  );
}
