// FlowPivot's version, read once from package.json at build time.
import packageJson from '../../../package.json';

export const appVersion: string = packageJson.version;
