import { describe, expect, it } from 'vitest';
import { lintRequirement, requirementShape } from './lint.js';

describe('lintRequirement', () => {
  const good = [
    'Routes GET /api/infusion/status to its handler and returns HTTP 200 with a JSON body within the request timeout of 2 s.',
    'Rejects a request body larger than 16 KiB with HTTP 413 without calling the handler.',
    'Serves 50 status requests per second on the compute module with a 95th-percentile latency below 100 ms.',
    'Parses an HL7 v2.5 ORU message of up to 64 KiB in less than 20 ms.',
    'Returns an error when the certificate has expired.',
    'Closes the connection if no heartbeat arrives for 30 s.',
    'Computes the infusion rate with an error of at most 0.1 mL/h.',
    'Decodes a 512x512 DICOM image in under 200 ms.',
    'Retries a failed upload 3 times before reporting the failure to the user.',
    'Does not write to disk when the device is in transport mode.',
    'Encrypts every stored record with AES-256-GCM before it is written.',
  ];
  const bad: [string, string[]][] = [
    ['Handles HTTP requests.', ['handles']],
    ['Supports TLS.', ['supports']],
    ['Works on Linux.', ['works']],
    ['Manages the database connections.', ['manages']],
    ['Processes incoming messages.', ['processes']],
    ['Is compatible with the backend.', ['is compatible']],
    ['Does the JSON parsing.', ['does']],
    ['Parses JSON.', []],
    ['Provides logging.', []],
    ['Must be fast and reliable.', []],
    ['Handles 50 requests per second within 100 ms.', ['handles']],
  ];
  it.each(good)('testable: %s', (t) => {
    expect(lintRequirement(t)).toEqual({ testable: true, vague: [], measurable: true });
  });
  it.each(bad)('not testable: %s', (t, vague) => {
    const r = lintRequirement(t);
    expect(r.testable).toBe(false);
    expect(r.vague).toEqual(vague);
  });
  it('a sentence with only a vague verb is still measurable when it has a bound', () => {
    expect(lintRequirement('Handles 50 requests per second within 100 ms.')).toEqual({ testable: false, vague: ['handles'], measurable: true });
    expect(lintRequirement('Parses JSON.')).toEqual({ testable: false, vague: [], measurable: false });
  });
  it('the suggested shape names the item', () => {
    expect(requirementShape('zlib')).toContain('"zlib shall <verb> <object> within <bound> when <condition>"');
  });
});
