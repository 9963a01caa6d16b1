import { z } from 'zod';
import { dict } from '../../util/dict.js';

/** The JSON header of a .safetensors file: tensor entries plus an optional string map `__metadata__`. */
export const SafetensorsHeader = dict(z.unknown());

export const SafetensorsMetadata = dict(z.string());

/** A Jupyter notebook (nbformat 4): only the code cells' sources matter here. */
export const Notebook = z.object({
  cells: z.array(z.object({
    cell_type: z.string(),
    source: z.union([z.string(), z.array(z.string())]),
  }).passthrough()),
}).passthrough();
