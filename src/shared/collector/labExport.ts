// What the lab's demo flow exporter reports after sending (the exporter itself is src/main/lab/netflow/).

export interface LabExportResult {
  /** "address:port" of the collector the exports went to. */
  to: string;
  /** "address:port" they came from: the exporter the collector will name. */
  from: string;
  scenario: string;
  /** Datagrams sent, and how many of them carried the template. */
  packets: number;
  templatePackets: number;
  flows: number;
}
