// The router's IP packet size distribution as bars: plain SVG with text labels.
import { useId } from 'react';
import type { PacketSizeDistribution } from '../../../../shared/domain';
import { formatCount, formatPercent } from '../format';

const barWidth = 22;
const gap = 4;
const plotHeight = 110;
const top = 16;
const bottom = 34;
const left = 4;

export function PacketSizeChart({ distribution }: { distribution: PacketSizeDistribution | null }) {
  const titleId = useId();
  const descId = useId();
  if (!distribution || distribution.buckets.length === 0) {
    return <p className="muted" data-testid="packet-size-chart">The router printed no packet size distribution.</p>;
  }
  const { buckets, totalPackets } = distribution;
  const largest = Math.max(...buckets.map((b) => b.fraction), 0.0001);
  const width = left * 2 + buckets.length * (barWidth + gap);
  const height = top + plotHeight + bottom;
  const title = `IP packet size distribution${totalPackets === null ? '' : ` of ${formatCount(totalPackets)} packets`}`;
  const summary = buckets
    .filter((b) => b.fraction > 0)
    .map((b) => `${b.size} bytes: ${formatPercent(b.fraction)}`)
    .join(', ');

  return (
    <figure className="packet-size-chart" data-testid="packet-size-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={titleId}>{title}</title>
        <desc id={descId}>{summary || 'All buckets are empty.'}</desc>
        <line x1={left} x2={width - left} y1={top + plotHeight} y2={top + plotHeight} className="axis" />
        {buckets.map((bucket, index) => {
          const x = left + index * (barWidth + gap);
          const barHeight = (bucket.fraction / largest) * plotHeight;
          const y = top + plotHeight - barHeight;
          return (
            <g key={bucket.size}>
              <rect x={x} y={y} width={barWidth} height={Math.max(barHeight, bucket.fraction > 0 ? 1 : 0)} className="bar">
                <title>{`${bucket.size} bytes: ${formatPercent(bucket.fraction)} of packets`}</title>
              </rect>
              {bucket.fraction > 0 && (
                <text x={x + barWidth / 2} y={y - 3} className="bar-value" textAnchor="middle">
                  {formatPercent(bucket.fraction)}
                </text>
              )}
              <text
                x={x + barWidth / 2}
                y={top + plotHeight + 8}
                className="bar-label"
                textAnchor="end"
                transform={`rotate(-45 ${x + barWidth / 2} ${top + plotHeight + 8})`}
              >
                {bucket.size}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">
        Packet size in bytes{totalPackets === null ? '' : ` · ${formatCount(totalPackets)} packets in total`}
      </figcaption>
    </figure>
  );
}
