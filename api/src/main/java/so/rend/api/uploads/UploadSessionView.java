package so.rend.api.uploads;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import so.rend.api.uploads.UploadSessionStore.UploadEvent;
import tools.jackson.databind.json.JsonMapper;

/** A session as the API shows it; {@code url} only in the create's answer (it holds the token). */
final class UploadSessionView {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private UploadSessionView() {}

    static Map<String, Object> of(UploadSession s, String url, List<UploadEvent> events) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", s.id().toString());
        view.put("url", url);
        view.put("status", s.statusAt(Instant.now()));
        view.put("asset_id", s.assetId().toString());
        view.put("expires_at", s.expiresAt().toString());
        view.put("cors_origin", s.corsOrigin());
        view.put("max_bytes", s.maxBytes());
        view.put("new_asset_settings", JSON.readTree(s.newAssetMetadata()));
        Map<String, Object> upload = new LinkedHashMap<>();
        upload.put("length", s.uploadLength());
        upload.put("offset", s.uploadOffset());
        view.put("upload", upload);
        if (s.errorCode() != null) {
            view.put("error", Map.of("code", s.errorCode(), "message", s.errorMessage()));
        }
        view.put("created_at", s.createdAt().toString());
        if (events != null) {
            view.put(
                    "events",
                    events.stream()
                            .map(
                                    e -> {
                                        Map<String, Object> event = new LinkedHashMap<>();
                                        event.put("sequence", e.sequence());
                                        event.put("type", e.type());
                                        event.put("payload", JSON.readTree(e.payload()));
                                        event.put("created_at", e.createdAt().toString());
                                        return event;
                                    })
                            .toList());
        }
        return view;
    }
}
