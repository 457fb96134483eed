// Below the grid: the active collection's protocol table, packet sizes and cache statistics, side by side.
import { useAppStore } from '../../store/appStore';
import { selectActiveCollection } from '../../store/selectors';
import { CacheStats } from './CacheStats';
import { PacketSizeChart } from './PacketSizeChart';
import { ProtocolTable } from './ProtocolTable';

export function CollectionDetails() {
  const collection = useAppStore(selectActiveCollection);
  if (!collection) return null;
  const { sections } = collection;
  return (
    <div className="details">
      <section className="panel panel-protocols" aria-labelledby="protocols-heading">
        <h2 id="protocols-heading">Protocols</h2>
        <div className="panel-body">
          <ProtocolTable protocols={sections.protocols} total={sections.protocolTotal} />
        </div>
      </section>
      <section className="panel panel-sizes" aria-labelledby="sizes-heading">
        <h2 id="sizes-heading">Packet sizes</h2>
        <div className="panel-body">
          <PacketSizeChart buckets={sections.packetSizes} totalPackets={sections.totalPackets} />
        </div>
      </section>
      <section className="panel panel-cache" aria-labelledby="cache-heading">
        <h2 id="cache-heading">Flow cache</h2>
        <div className="panel-body">
          <CacheStats stats={sections.cache} />
        </div>
      </section>
    </div>
  );
}
