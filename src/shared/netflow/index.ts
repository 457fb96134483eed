// NetFlow v5 / v9 / IPFIX decoding: the public face of src/shared/netflow.
export * from './types';
export { FlowExportDecoder } from './decoder';
export { flowOfExportedFlow, interfaceText } from './flowOfExportedFlow';
