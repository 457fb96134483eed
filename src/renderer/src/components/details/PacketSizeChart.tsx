// The router's IP packet size distribution as bars: plain SVG drawn at the panel's own width, with text labels.
import { useId, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { PacketSizeBucket } from '../../../../shared/domain';
import { formatCount, formatPercent } from '../format';

const height = 128;
const top = 14;
/** Room for the first rotated size label, which leans left. */
const left = 22;
const bottom = 30;
const plotHeight = height - top - bottom;
/** Buckets below this share get no value label: the bars next to them would be unreadable. */
const labelledFraction = 0.02;

/** The element's content width, kept up to date, so the SVG is drawn in real pixels and its text never scales. */
function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

export function PacketSizeChart({ buckets, totalPackets }: { buckets: PacketSizeBucket[]; totalPackets: number | null }) {
  const titleId = useId();
  const descId = useId();
  const [ref, measured] = useWidth<HTMLElement>();
  if (buckets.length === 0) {
    return <p className="muted" data-testid="packet-size-chart">The router printed no packet size distribution.</p>;
  }
  const width = Math.max(measured, left + buckets.length * 8);
  const slot = (width - left) / buckets.length;
  const barWidth = Math.max(2, slot * 0.72);
  const largest = Math.max(...buckets.map((b) => b.fraction), 0.0001);
  const base = top + plotHeight;
  const title = `IP packet size distribution${totalPackets === null ? '' : ` of ${formatCount(totalPackets)} packets`}`;
  const summary = buckets
    .filter((b) => b.fraction > 0)
    .map((b) => `${b.size} bytes: ${formatPercent(b.fraction)}`)
    .join(', ');

  return (
    <figure className="packet-size-chart" data-testid="packet-size-chart" ref={ref}>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${titleId} ${descId}`}>
        <title id={titleId}>{title}</title>
        <desc id={descId}>{summary || 'All buckets are empty.'}</desc>
        <line x1={left} x2={width} y1={base + 0.5} y2={base + 0.5} className="axis" />
        {buckets.map((bucket, index) => {
          const center = left + index * slot + slot / 2;
          const barHeight = (bucket.fraction / largest) * plotHeight;
          return (
            <g key={bucket.size}>
              <rect x={center - barWidth / 2} y={base - barHeight} width={barWidth} height={barHeight} className="bar">
                <title>{`${bucket.size} bytes: ${formatPercent(bucket.fraction)} of packets`}</title>
              </rect>
              {bucket.fraction >= labelledFraction && (
                <text x={center} y={base - barHeight - 3} className="bar-value" textAnchor="middle">
                  {formatPercent(bucket.fraction)}
                </text>
              )}
              <text x={center} y={base + 6} className="bar-label" textAnchor="end" dominantBaseline="middle" transform={`rotate(-60 ${center} ${base + 6})`}>
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
