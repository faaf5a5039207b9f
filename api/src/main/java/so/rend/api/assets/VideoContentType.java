package so.rend.api.assets;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;

/** The {@code video/*} content type a raw upload must declare. */
final class VideoContentType {

    private VideoContentType() {}

    static MediaType parse(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupportedType("none");
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            if (!"video".equalsIgnoreCase(type.getType()) || type.isWildcardSubtype()) {
                throw unsupportedType(type.getType() + "/" + type.getSubtype());
            }
            return type;
        } catch (InvalidMediaTypeException e) {
            throw unsupportedType("unparseable");
        }
    }

    private static ApiError unsupportedType(String got) {
        return ApiErrorCode.UNSUPPORTED_CONTENT_TYPE.error(
                "send the video's bytes as the raw body with content-type: video/* (got "
                        + got
                        + ")");
    }
}
