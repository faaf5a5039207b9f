#!/usr/bin/env node
// The Rend MCP server on stdio: REND_API_URL and REND_API_KEY name the API and its key. stdout is
// the protocol's; everything for humans goes to stderr, and the key never does.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { Rend } from '@rend/sdk';
import { createRendMcpServer } from './tools.js';

const baseUrl = process.env.REND_API_URL;
const apiKey = process.env.REND_API_KEY;
if (!baseUrl || !apiKey) {
  console.error(`rend-mcp: set ${!baseUrl ? 'REND_API_URL (e.g. http://127.0.0.1:4000)' : 'REND_API_KEY'} in the server's environment`);
  process.exit(2);
}
try {
  new URL(baseUrl);
} catch {
  console.error(`rend-mcp: REND_API_URL is not a URL: ${baseUrl}`);
  process.exit(2);
}

const server = createRendMcpServer(new Rend({ baseUrl, apiKey }));
await server.connect(new StdioServerTransport());
console.error(`rend-mcp: serving Rend at ${baseUrl} on stdio`);
