import type { RepoSource } from '../source.js';
import { extractVendored, SOURCE_ID } from './extract.js';

export const repoSource: RepoSource = {
  id: SOURCE_ID,
  ecosystem: 'generic',
  description: 'third-party code copied into the repository: known libraries by marker file and version define (zlib, FreeRTOS, STM32 HAL, CMSIS, jQuery …), and every other subfolder of third_party/, vendor/, external/, Drivers/ …',
  extractRepo: (repo) => extractVendored(repo),
};
