package so.rend.edgeprotocol;

import com.fasterxml.jackson.annotation.JsonInclude;
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
                    // Absent, not null: a warm carries no revoke_until at all.
                    .changeDefaultPropertyInclusion(
                            inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                    .build();

    private EdgeProtocolJson() {}

    public static byte[] write(Object body) {
        return JSON.writeValueAsBytes(body);
    }

    public static <T> T read(String json, Class<T> type) {
        return JSON.readValue(json, type);
    }
}
