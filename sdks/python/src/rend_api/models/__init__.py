"""Contains all the data models used in inputs/outputs"""

from .account_playback_analytics import AccountPlaybackAnalytics
from .analytics_window import AnalyticsWindow
from .analytics_window_granularity import AnalyticsWindowGranularity
from .api_key import ApiKey
from .api_key_list import ApiKeyList
from .append_tus_upload_tus_resumable import AppendTusUploadTusResumable
from .asset import Asset
from .asset_failure_type_1 import AssetFailureType1
from .asset_metadata_patch import AssetMetadataPatch
from .asset_page import AssetPage
from .asset_playback_analytics import AssetPlaybackAnalytics
from .asset_playback_analytics_by_region import AssetPlaybackAnalyticsByRegion
from .asset_playback_analytics_series_item import AssetPlaybackAnalyticsSeriesItem
from .asset_usage import AssetUsage
from .create_api_key_body import CreateApiKeyBody
from .create_tus_upload_tus_resumable import CreateTusUploadTusResumable
from .deletion import Deletion
from .direct_upload import DirectUpload
from .direct_upload_error import DirectUploadError
from .direct_upload_events_item import DirectUploadEventsItem
from .direct_upload_events_item_payload import DirectUploadEventsItemPayload
from .direct_upload_events_item_type import DirectUploadEventsItemType
from .direct_upload_new_asset_settings import DirectUploadNewAssetSettings
from .direct_upload_request import DirectUploadRequest
from .direct_upload_status import DirectUploadStatus
from .direct_upload_upload import DirectUploadUpload
from .error import Error
from .error_code import ErrorCode
from .error_error import ErrorError
from .event import Event
from .event_page import EventPage
from .event_payload import EventPayload
from .event_type import EventType
from .get_asset_playback_analytics_granularity import (
    GetAssetPlaybackAnalyticsGranularity,
)
from .get_health_response_200 import GetHealthResponse200
from .get_open_api_json_response_200 import GetOpenApiJsonResponse200
from .get_tus_upload_offset_tus_resumable import GetTusUploadOffsetTusResumable
from .ingest_request import IngestRequest
from .ingest_request_input import IngestRequestInput
from .links import Links
from .playable_state import PlayableState
from .playback_beacon import PlaybackBeacon
from .playback_bootstrap import PlaybackBootstrap
from .playback_bootstrap_playable_state import PlaybackBootstrapPlayableState
from .playback_qoe import PlaybackQoe
from .playback_totals import PlaybackTotals
from .playback_totals_by_cache_status import PlaybackTotalsByCacheStatus
from .playback_totals_by_status_code import PlaybackTotalsByStatusCode
from .processing_error_code import ProcessingErrorCode
from .readiness import Readiness
from .readiness_checks import ReadinessChecks
from .readiness_checks_object_store import ReadinessChecksObjectStore
from .readiness_checks_postgres import ReadinessChecksPostgres
from .readiness_status import ReadinessStatus
from .redeliver_webhook_response_202 import RedeliverWebhookResponse202
from .redeliver_webhook_response_202_state import RedeliverWebhookResponse202State
from .replay_webhook_body import ReplayWebhookBody
from .replay_webhook_response_202 import ReplayWebhookResponse202
from .rotate_webhook_secret_body import RotateWebhookSecretBody
from .source_state import SourceState
from .terminate_tus_upload_tus_resumable import TerminateTusUploadTusResumable
from .top_asset import TopAsset
from .upload import Upload
from .upload_media_job import UploadMediaJob
from .upload_media_job_state import UploadMediaJobState
from .usage import Usage
from .usage_meters import UsageMeters
from .webhook_delivery import WebhookDelivery
from .webhook_delivery_attempts_item import WebhookDeliveryAttemptsItem
from .webhook_delivery_list import WebhookDeliveryList
from .webhook_delivery_state import WebhookDeliveryState
from .webhook_endpoint import WebhookEndpoint
from .webhook_endpoint_list import WebhookEndpointList
from .webhook_input import WebhookInput

__all__ = (
    "AccountPlaybackAnalytics",
    "AnalyticsWindow",
    "AnalyticsWindowGranularity",
    "ApiKey",
    "ApiKeyList",
    "AppendTusUploadTusResumable",
    "Asset",
    "AssetFailureType1",
    "AssetMetadataPatch",
    "AssetPage",
    "AssetPlaybackAnalytics",
    "AssetPlaybackAnalyticsByRegion",
    "AssetPlaybackAnalyticsSeriesItem",
    "AssetUsage",
    "CreateApiKeyBody",
    "CreateTusUploadTusResumable",
    "Deletion",
    "DirectUpload",
    "DirectUploadError",
    "DirectUploadEventsItem",
    "DirectUploadEventsItemPayload",
    "DirectUploadEventsItemType",
    "DirectUploadNewAssetSettings",
    "DirectUploadRequest",
    "DirectUploadStatus",
    "DirectUploadUpload",
    "Error",
    "ErrorCode",
    "ErrorError",
    "Event",
    "EventPage",
    "EventPayload",
    "EventType",
    "GetAssetPlaybackAnalyticsGranularity",
    "GetHealthResponse200",
    "GetOpenApiJsonResponse200",
    "GetTusUploadOffsetTusResumable",
    "IngestRequest",
    "IngestRequestInput",
    "Links",
    "PlayableState",
    "PlaybackBeacon",
    "PlaybackBootstrap",
    "PlaybackBootstrapPlayableState",
    "PlaybackQoe",
    "PlaybackTotals",
    "PlaybackTotalsByCacheStatus",
    "PlaybackTotalsByStatusCode",
    "ProcessingErrorCode",
    "Readiness",
    "ReadinessChecks",
    "ReadinessChecksObjectStore",
    "ReadinessChecksPostgres",
    "ReadinessStatus",
    "RedeliverWebhookResponse202",
    "RedeliverWebhookResponse202State",
    "ReplayWebhookBody",
    "ReplayWebhookResponse202",
    "RotateWebhookSecretBody",
    "SourceState",
    "TerminateTusUploadTusResumable",
    "TopAsset",
    "Upload",
    "UploadMediaJob",
    "UploadMediaJobState",
    "Usage",
    "UsageMeters",
    "WebhookDelivery",
    "WebhookDeliveryAttemptsItem",
    "WebhookDeliveryList",
    "WebhookDeliveryState",
    "WebhookEndpoint",
    "WebhookEndpointList",
    "WebhookInput",
)
