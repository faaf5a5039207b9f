package so.rend.edgeprotocol;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire form of this package's records: snake_case JSON, as the services' Spring mappers write
 * it, for callers that build requests without Spring (fan-out, heartbeat, operator).
 */
public final class EdgeProtocolJson {

    private static final JsonMapper JSON =
            JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .build();

    private EdgeProtocolJson() {}

    public static byte[] write(Object body) {
        return JSON.writeValueAsBytes(body);
    }

    public static <T> T read(String json, Class<T> type) {
        return JSON.readValue(json, type);
    }
}
