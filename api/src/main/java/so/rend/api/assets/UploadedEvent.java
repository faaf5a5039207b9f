package so.rend.api.assets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** The payload of an upload's {@code asset.created} event. */
final class UploadedEvent {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private UploadedEvent() {}

    static String payload(String key, String contentType, long byteSize, UUID jobId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("source_object_key", key);
        payload.put("source_content_type", contentType);
        payload.put("source_byte_size", byteSize);
        payload.put("source_state", "uploaded");
        payload.put("playable_state", "not_playable");
        payload.put("media_job_id", jobId.toString());
        return JSON.writeValueAsString(payload);
    }
}
