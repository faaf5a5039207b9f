"""schemathesis hooks for Rend. POST /v1/videos takes the video's raw bytes under any `video/*`
content type, a media range schemathesis has no serializer for and would otherwise send as the
content type itself (which the API rightly refuses, 415): send the generated value as bytes, as
`video/mp4`, so the cases reach the upload path (the API's sniff answers 422 not_a_video for them,
which the spec documents). A tus PATCH body (`application/offset+octet-stream`) is bytes too."""
import schemathesis
from schemathesis.transport.serialization import serialize_binary


@schemathesis.serializer("video/*")
def video(ctx, value):
    return {"data": serialize_binary(value)}


@schemathesis.serializer("application/offset+octet-stream")
def tus_chunk(ctx, value):
    return {"data": serialize_binary(value)}


@schemathesis.hook
def before_call(ctx, case, kwargs):
    if case.media_type == "video/*" and not any(k.lower() == "content-type" for k in (case.headers or {})):
        case.headers = {**(case.headers or {}), "Content-Type": "video/mp4"}
