package so.rend.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The OpenAPI spec as the judge of real answers: a status the operation does not document, a
 * missing required header, a header value or a JSON body off its schema, or an undocumented content
 * type is a failure. Schemas are checked with the OpenAPI 3.1 dialect of json-schema-validator,
 * loaded from the spec document itself so its {@code $ref}s resolve; response-level {@code $ref}s
 * ({@code #/components/responses/...}) are followed here.
 */
final class OpenApiContract {

    private static final String SPEC_URI = "https://rend.invalid/openapi.json";

    private final ObjectMapper json = JsonMapper.builder().build();
    private final JsonNode spec;
    private final SchemaRegistry registry;
    private final Set<String> checked = new TreeSet<>();

    OpenApiContract(String specJson) {
        this.spec = json.readTree(specJson);
        this.registry =
                SchemaRegistry.withDefaultDialect(
                        Dialects.getOpenApi31(), b -> b.schemas(Map.of(SPEC_URI, specJson)));
    }

    /** What was checked, as "METHOD /path status" lines. */
    Set<String> checked() {
        return checked;
    }

    /**
     * Checks one answer against the spec's operation {@code method pathTemplate}; returns its JSON
     * body (a missing node when the body is not JSON).
     */
    JsonNode check(String method, String pathTemplate, HttpResponse<String> response) {
        return check(
                method, pathTemplate, response.statusCode(), response.headers(), response.body());
    }

    /** The same for an answer whose body is not read here (an event stream). */
    JsonNode check(
            String method, String pathTemplate, int status, HttpHeaders headers, String body) {
        String operation = "/paths/" + escape(pathTemplate) + "/" + method.toLowerCase(Locale.ROOT);
        String where = method + " " + pathTemplate + " " + status;
        if (spec.at(operation).isMissingNode()) {
            fail(where + ": the spec has no such operation");
        }
        String pointer = documentedResponse(operation, status);
        if (pointer == null) {
            fail(where + ": status not documented for the operation; body: " + body);
        }
        pointer = resolve(pointer);
        checkHeaders(where, pointer + "/headers", headers);
        checked.add(where);
        return checkBody(where, pointer, headers.firstValue("content-type"), body);
    }

    /** Checks one JSON document against a named component schema, e.g. {@code Event}. */
    JsonNode checkSchema(String where, String component, String body) {
        JsonNode node = json.readTree(body);
        validate(where, "/components/schemas/" + component, node);
        return node;
    }

    private String documentedResponse(String operation, int status) {
        for (String key : List.of(Integer.toString(status), (status / 100) + "XX", "default")) {
            String pointer = operation + "/responses/" + key;
            if (!spec.at(pointer).isMissingNode()) {
                return pointer;
            }
        }
        return null;
    }

    private String resolve(String pointer) {
        JsonNode node = spec.at(pointer);
        while (node.has("$ref")) {
            String ref = node.get("$ref").asString();
            assertThat(ref).as("only local $refs").startsWith("#");
            pointer = ref.substring(1);
            node = spec.at(pointer);
            assertThat(node.isMissingNode()).as("$ref " + ref).isFalse();
        }
        return pointer;
    }

    private void checkHeaders(String where, String documented, HttpHeaders headers) {
        for (Map.Entry<String, JsonNode> entry : spec.at(documented).properties()) {
            String name = entry.getKey();
            String header = resolve(documented + "/" + escape(name));
            Optional<String> value = headers.firstValue(name);
            if (value.isEmpty()) {
                if (spec.at(header + "/required").asBoolean(false)) {
                    fail(where + ": required header " + name + " is missing");
                }
                continue;
            }
            JsonNode schema = spec.at(header + "/schema");
            validate(
                    where + " header " + name,
                    header + "/schema",
                    headerValue(schema, value.get()));
        }
    }

    private JsonNode headerValue(JsonNode schema, String value) {
        String type = schema.path("type").asString("");
        if (type.equals("integer")) {
            try {
                return JsonNodeFactory.instance.numberNode(Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                return JsonNodeFactory.instance.stringNode(value);
            }
        }
        return JsonNodeFactory.instance.stringNode(value);
    }

    private JsonNode checkBody(
            String where, String pointer, Optional<String> contentType, String body) {
        JsonNode content = spec.at(pointer + "/content");
        if (content.isMissingNode()) {
            assertThat(body).as(where + ": a body the spec does not document").isEmpty();
            return json.missingNode();
        }
        String mediaType =
                contentType.map(t -> t.split(";")[0].trim().toLowerCase(Locale.ROOT)).orElse("");
        if (content.at("/" + escape(mediaType)).isMissingNode()) {
            fail(where + ": content-type '" + mediaType + "' not documented; body: " + body);
        }
        if (!mediaType.equals("application/json")) {
            return json.missingNode();
        }
        JsonNode node = json.readTree(body);
        validate(where, pointer + "/content/" + escape(mediaType) + "/schema", node);
        return node;
    }

    private void validate(String where, String schemaPointer, JsonNode instance) {
        List<Error> errors =
                registry.getSchema(SchemaLocation.of(SPEC_URI + "#" + uriSafe(schemaPointer)))
                        .validate(
                                instance,
                                context ->
                                        context.executionConfig(
                                                c -> c.formatAssertionsEnabled(true)));
        List<String> messages = new ArrayList<>();
        errors.forEach(e -> messages.add(e.toString()));
        assertThat(messages).as(where + ": " + instance + " against " + schemaPointer).isEmpty();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String uriSafe(String pointer) {
        return pointer.replace("{", "%7B").replace("}", "%7D");
    }
}
