export { Rend, metadataHeader, type AssetFilters, type RendOptions, type UploadOptions, type WaitOptions } from './rend.js';
export { RendError, AssetNotPlayableError, retryAfterSeconds } from './errors.js';
export { subscribeEvents, type EventSubscriptionOptions } from './events.js';
export { retryingFetch, type RetryPolicy } from './retry.js';
export { verifyWebhook, WEBHOOK_TOLERANCE_SECONDS, type VerifyWebhookOptions } from './webhooks.js';
export { openFile, iterableToStream, type UploadBody } from './upload.js';
export * from './generated/index.js';
