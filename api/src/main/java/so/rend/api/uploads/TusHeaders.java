package so.rend.api.uploads;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;

/** The tus 1.0 headers: read strictly (digits only, one value), written the same way everywhere. */
final class TusHeaders {

    static final String VERSION = "1.0.0";
    static final String RESUMABLE = "Tus-Resumable";
    static final String EXTENSIONS = "creation,termination,expiration";
    static final String UPLOAD_OFFSET = "Upload-Offset";
    static final String UPLOAD_LENGTH = "Upload-Length";
    static final String UPLOAD_EXPIRES = "Upload-Expires";
    static final MediaType PATCH_TYPE = MediaType.parseMediaType("application/offset+octet-stream");

    /** What a browser may send and read across origins. */
    static final String ALLOWED_HEADERS =
            "Tus-Resumable, Upload-Length, Upload-Offset, Upload-Metadata, Upload-Defer-Length,"
                    + " Upload-Concat, Content-Type, X-Requested-With, X-HTTP-Method-Override";

    static final String EXPOSED_HEADERS =
            "Tus-Resumable, Tus-Version, Tus-Extension, Tus-Max-Size, Upload-Offset, Upload-Length,"
                    + " Upload-Expires, Location";

    private TusHeaders() {}

    /** 412 unless the request speaks tus 1.0.0. */
    static void checkVersion(HttpHeaders headers) {
        if (!VERSION.equals(headers.getFirst(RESUMABLE))) {
            throw ApiErrorCode.TUS_VERSION_UNSUPPORTED.error();
        }
    }

    /** A header that must be one non-negative decimal number (no sign, no spaces, no hex). */
    static long count(HttpHeaders headers, String name) {
        var values = headers.get(name);
        if (values == null || values.size() != 1) {
            throw ApiError.invalidParameter(name, "required, once");
        }
        String value = values.get(0);
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            throw ApiError.invalidParameter(name, "a non-negative whole number of bytes");
        }
        return Long.parseLong(value);
    }

    /** 415 unless the PATCH body is {@code application/offset+octet-stream}. */
    static void checkPatchType(HttpHeaders headers) {
        String type = headers.getFirst(HttpHeaders.CONTENT_TYPE);
        try {
            if (type != null && PATCH_TYPE.equalsTypeAndSubtype(MediaType.parseMediaType(type))) {
                return;
            }
        } catch (InvalidMediaTypeException e) {
            // refused below
        }
        throw ApiErrorCode.UNSUPPORTED_CONTENT_TYPE.error(
                "a PATCH body is Content-Type: application/offset+octet-stream");
    }

    /**
     * {@code Upload-Metadata}: comma-separated {@code key base64value} pairs (the value may be
     * absent); 400 when malformed.
     */
    static Map<String, String> metadata(HttpHeaders headers) {
        Map<String, String> metadata = new HashMap<>();
        String header = headers.getFirst("Upload-Metadata");
        if (header == null || header.isBlank()) {
            return metadata;
        }
        for (String pair : header.split(",", 64)) {
            String[] kv = pair.trim().split(" ", -1);
            if (kv.length > 2 || kv[0].isEmpty()) {
                throw ApiError.invalidParameter("Upload-Metadata", "key base64value pairs");
            }
            try {
                String value =
                        kv.length == 2
                                ? new String(
                                        Base64.getDecoder().decode(kv[1]), StandardCharsets.UTF_8)
                                : "";
                metadata.put(kv[0], value);
            } catch (IllegalArgumentException e) {
                throw ApiError.invalidParameter("Upload-Metadata", "values are base64");
            }
        }
        return metadata;
    }

    /** The stored type: the client's {@code filetype} when it is a {@code video/*} type. */
    static String videoType(Map<String, String> metadata) {
        String type = metadata.get("filetype");
        if (type == null) {
            return null;
        }
        try {
            MediaType parsed = MediaType.parseMediaType(type);
            if ("video".equalsIgnoreCase(parsed.getType()) && !parsed.isWildcardSubtype()) {
                return parsed.getType() + "/" + parsed.getSubtype();
            }
        } catch (InvalidMediaTypeException e) {
            return null;
        }
        return null;
    }

    static String expires(Instant at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    }
}
