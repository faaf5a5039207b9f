// Rend's operations as MCP tools, one per operation of api/openapi/rend.yaml an assistant needs, each
// calling @rend/sdk. Answers are the API's JSON bodies (text and structuredContent); API errors are
// tool errors carrying the API's code, so the model can tell `asset_not_playable` from `unauthorized`.
import { resolve } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AssetNotPlayableError, RendError } from '@rend/sdk';
import { z } from 'zod';

/** `_meta` key naming the spec operation (its operationId) a tool calls; a test checks each exists. */
export const OPERATION = 'so.rend/operationId';

const assetId = z.string().uuid().describe('The asset id (a UUID), as upload_video or list_assets gave it.');

function ok(body) {
  return { content: [{ type: 'text', text: JSON.stringify(body, null, 2) }], structuredContent: body };
}

function failure(error) {
  if (error instanceof RendError) {
    const body = { error: { status: error.status, code: error.code, message: error.message } };
    if (error.retryAfterSeconds !== undefined) body.error.retry_after_seconds = error.retryAfterSeconds;
    return { isError: true, content: [{ type: 'text', text: `${error.code} (HTTP ${error.status}): ${error.message}` }], structuredContent: body };
  }
  if (error instanceof AssetNotPlayableError) {
    const body = { error: { code: 'asset_not_playable', event_type: error.eventType, failure_code: error.failureCode ?? null, message: error.message } };
    return { isError: true, content: [{ type: 'text', text: error.message }], structuredContent: body };
  }
  if (error?.name === 'TimeoutError') {
    return { isError: true, content: [{ type: 'text', text: `timeout: ${error.message}` }], structuredContent: { error: { code: 'timeout', message: error.message } } };
  }
  if (error?.code === 'ENOENT' || error?.code === 'EISDIR' || error?.code === 'EACCES') {
    return { isError: true, content: [{ type: 'text', text: `${error.code}: ${error.message}` }], structuredContent: { error: { code: 'file_unreadable', message: error.message } } };
  }
  throw error;
}

function tool(fn) {
  return async (args) => {
    try {
      return ok(await fn(args));
    } catch (error) {
      return failure(error);
    }
  };
}

/** An MCP server whose tools call Rend through `rend` (a `Rend` from @rend/sdk). */
export function createRendMcpServer(rend, { version = '0.1.0' } = {}) {
  const server = new McpServer({ name: 'rend', version });

  server.registerTool(
    'upload_video',
    {
      _meta: { [OPERATION]: 'createVideo' },
      title: 'Upload a video',
      description:
        'Uploads a video file from a path on the machine this server runs on (POST /v1/videos, streamed from disk). ' +
        'Returns the new asset (not_playable at first); follow it with wait_until_playable. Upload from a URL is not supported by the API.',
      inputSchema: {
        path: z.string().min(1).describe('Path of the video file (absolute, or relative to the server\'s working directory).'),
        content_type: z.string().regex(/^video\/[\w.+-]+$/).optional().describe('video/* type; taken from the file name when left out.'),
      },
      annotations: { destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    tool(({ path, content_type }) => rend.uploadFile(resolve(path), { contentType: content_type })),
  );

  server.registerTool(
    'get_asset',
    {
      _meta: { [OPERATION]: 'getAsset' },
      title: 'Get an asset',
      description: 'An asset by id (GET /v1/assets/{asset_id}): states, source facts, failure, deleted_at.',
      inputSchema: { asset_id: assetId },
      annotations: { readOnlyHint: true },
    },
    tool(({ asset_id }) => rend.getAsset(asset_id)),
  );

  server.registerTool(
    'list_assets',
    {
      _meta: { [OPERATION]: 'listAssets' },
      title: 'List assets',
      description: 'One page of the account\'s assets, newest first (GET /v1/assets). Pass next_cursor as cursor for the next page.',
      inputSchema: {
        limit: z.number().int().min(1).max(100).optional().describe('Page size (1-100, default 25).'),
        cursor: z.string().optional().describe('next_cursor of the previous page.'),
      },
      annotations: { readOnlyHint: true },
    },
    tool(({ limit, cursor }) => rend.listAssets({ limit, cursor })),
  );

  server.registerTool(
    'wait_until_playable',
    {
      _meta: { [OPERATION]: 'streamEvents' },
      title: 'Wait until playable',
      description:
        'Waits until the asset is playable (its lifecycle events over SSE), then returns the asset. ' +
        'until=hls_ready (default: adaptive HLS ready) or opener_ready (the opener MP4 plays). Fails when processing fails or the asset is deleted.',
      inputSchema: {
        asset_id: assetId,
        until: z.enum(['opener_ready', 'hls_ready']).optional(),
        timeout_seconds: z.number().int().min(1).max(3600).optional().describe('Give up after this long (default 300).'),
      },
      annotations: { readOnlyHint: true },
    },
    tool(({ asset_id, until, timeout_seconds }) =>
      rend.waitUntilPlayable(asset_id, { until, timeoutMs: (timeout_seconds ?? 300) * 1000 }),
    ),
  );

  server.registerTool(
    'get_playback',
    {
      _meta: { [OPERATION]: 'getPlayback' },
      title: 'Get playback URLs',
      description:
        'Signed edge URLs to play the asset (GET /v1/assets/{asset_id}/playback): manifest_url (HLS master), opener_url (MP4), thumbnail_url, expires_at. ' +
        'Fails with asset_not_playable until the opener is ready.',
      inputSchema: { asset_id: assetId },
      annotations: { readOnlyHint: true },
    },
    tool(({ asset_id }) => rend.getPlayback(asset_id)),
  );

  server.registerTool(
    'delete_asset',
    {
      _meta: { [OPERATION]: 'deleteAsset' },
      title: 'Delete an asset',
      description: 'Deletes the asset (DELETE /v1/assets/{asset_id}; idempotent): playback stops at once, even for URLs already issued.',
      inputSchema: { asset_id: assetId },
      annotations: { destructiveHint: true, idempotentHint: true },
    },
    tool(({ asset_id }) => rend.deleteAsset(asset_id)),
  );

  server.registerTool(
    'get_asset_playback_analytics',
    {
      _meta: { [OPERATION]: 'getAssetPlaybackAnalytics' },
      title: 'Get an asset\'s playback analytics',
      description:
        'Playback at the edges in [from, to) (GET /v1/assets/{asset_id}/analytics/playback): requests, bytes served, cache statuses, status codes, regions and a time series. ' +
        'Needs ClickHouse on the API (analytics_not_configured otherwise).',
      inputSchema: {
        asset_id: assetId,
        from: z.string().datetime({ offset: true }).optional().describe('Window start, ISO-8601 (default 24 h before to).'),
        to: z.string().datetime({ offset: true }).optional().describe('Window end, ISO-8601 (default now).'),
        granularity: z.enum(['minute', 'hour', 'day']).optional(),
      },
      annotations: { readOnlyHint: true },
    },
    tool(({ asset_id, from, to, granularity }) => rend.getAssetPlaybackAnalytics(asset_id, { from, to, granularity })),
  );

  return server;
}
