/** Global setup of the vitest and Playwright runs: the run's own temporary folders, removed at the end (temp-root.ts). */
import { useRunTempFolders } from './temp-root.ts';

export default function setup(): () => void {
  return useRunTempFolders();
}
