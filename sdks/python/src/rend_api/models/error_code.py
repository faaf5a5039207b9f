from enum import StrEnum


class ErrorCode(StrEnum):
    ANALYTICS_NOT_CONFIGURED = "analytics_not_configured"
    ANALYTICS_SCOPE_TOO_LARGE = "analytics_scope_too_large"
    ANALYTICS_UNAVAILABLE = "analytics_unavailable"
    ASSET_NOT_FOUND = "asset_not_found"
    ASSET_NOT_PLAYABLE = "asset_not_playable"
    BEACON_TOO_LARGE = "beacon_too_large"
    DATABASE_UNAVAILABLE = "database_unavailable"
    EDGE_NOT_REGISTERED = "edge_not_registered"
    EMPTY_BODY = "empty_body"
    INTERNAL_ERROR = "internal_error"
    INVALID_CURSOR = "invalid_cursor"
    INVALID_JSON = "invalid_json"
    INVALID_PARAMETER = "invalid_parameter"
    INVALID_PATH = "invalid_path"
    INVALID_REQUEST = "invalid_request"
    INVALID_WINDOW = "invalid_window"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    NOT_ACCEPTABLE = "not_acceptable"
    NOT_A_VIDEO = "not_a_video"
    NOT_FOUND = "not_found"
    RATE_LIMITED = "rate_limited"
    TOKEN_INVALID = "token_invalid"
    TOO_MANY_EVENT_STREAMS = "too_many_event_streams"
    TOO_MANY_UPLOADS = "too_many_uploads"
    UNAUTHORIZED = "unauthorized"
    UNSUPPORTED_CONTENT_TYPE = "unsupported_content_type"
    UPLOAD_IDLE_TIMEOUT = "upload_idle_timeout"
    UPLOAD_TOO_LARGE = "upload_too_large"

    def __str__(self) -> str:
        return str(self.value)
