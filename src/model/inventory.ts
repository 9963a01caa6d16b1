import type { Config } from './config.js';
import type { Finding } from './finding.js';
import type { ScannedComponent } from './scanned.js';

/** What the scan read of one file. */
export interface FileReport {
  file: string;
  source: string;
  components: number;
  ms: number;
  /** For a whole-repository source (file '.'): how many files it read. */
  read?: number;
  /** Set when the file could not be read; the scan went on with the other files. */
  error?: { message: string; fix: string; line?: number; column?: number; key?: string };
}

export interface ToolInfo {
  name: string;
  version: string;
}

/** The result of `tureen scan`: every component found, classified, with the findings and what was read. */
export interface Inventory {
  /** Absolute path of the scanned folder. */
  root: string;
  tool: ToolInfo;
  /** ISO timestamp of the scan. */
  timestamp: string;
  config: Config;
  /** Repository-relative path of the config file, when one was read. */
  configFile?: string;
  components: ScannedComponent[];
  findings: Finding[];
  files: FileReport[];
}
