import { z } from 'zod';
import { Component } from './component.js';
import { Classification } from './classification.js';

/** A component after classification: the unit every later stage works on. */
export const ScannedComponent = Component.extend({ classification: Classification });
export type ScannedComponent = z.infer<typeof ScannedComponent>;
