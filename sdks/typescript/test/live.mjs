// The live Rend every test runs against (scripts/with-embedded-rend.sh sets these). A missing
// variable fails the run: these tests are never skipped.
import { Rend } from '../dist/index.js';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through scripts/with-embedded-rend.sh`);
  return value;
}

export const apiUrl = required('REND_API_URL');
export const apiKey = required('REND_API_KEY');
export const fixture = required('REND_FIXTURE');

export function rend(options = {}) {
  return new Rend({ baseUrl: apiUrl, apiKey, ...options });
}
