package so.rend.api.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import so.rend.api.errors.ApiErrorCode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The API's own description, without an API key: the OpenAPI spec ({@code api/openapi/rend.yaml},
 * the source of truth, copied into the jar) as YAML and as JSON, and a reference page rendered from
 * it in the browser by Swagger UI, whose two files come from its WebJar in this jar.
 */
@RestController
public class OpenApiController {

    // The /v1/ paths served without an API key (see isPublic).
    public static final String SPEC_JSON = "/v1/openapi.json";
    public static final String SPEC_YAML = "/v1/openapi.yaml";
    public static final String DOCS = "/v1/docs";

    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");
    private static final CacheControl CACHE = CacheControl.noCache();
    private static final Map<String, MediaType> DOCS_FILES =
            Map.of(
                    "swagger-ui.css", MediaType.parseMediaType("text/css"),
                    "swagger-ui-bundle.js", MediaType.parseMediaType("text/javascript"));

    private static final String PAGE =
            """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Rend API reference</title>
              <link rel="stylesheet" href="/v1/docs/swagger-ui.css">
            </head>
            <body>
              <div id="reference"></div>
              <script src="/v1/docs/swagger-ui-bundle.js"></script>
              <script>
                window.ui = SwaggerUIBundle({ url: "/v1/openapi.json", dom_id: "#reference" });
              </script>
            </body>
            </html>
            """;

    private final byte[] yaml;
    private final byte[] json;
    private final String swaggerUiRoot;

    public OpenApiController() {
        this.yaml = read("openapi/rend.yaml");
        JsonNode spec = new YAMLMapper().readTree(yaml);
        this.json = JsonMapper.builder().build().writeValueAsBytes(spec);
        this.swaggerUiRoot = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
    }

    /** Whether {@code path} is one of the spec's or the reference page's, which take no key. */
    public static boolean isPublic(String path) {
        return path.equals(SPEC_JSON)
                || path.equals(SPEC_YAML)
                || path.equals(DOCS)
                || (path.startsWith(DOCS + "/")
                        && DOCS_FILES.containsKey(path.substring(DOCS.length() + 1)));
    }

    @GetMapping(SPEC_JSON)
    ResponseEntity<byte[]> json() {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CACHE)
                .body(json);
    }

    @GetMapping(SPEC_YAML)
    ResponseEntity<byte[]> yaml() {
        return ResponseEntity.ok().contentType(YAML).cacheControl(CACHE).body(yaml);
    }

    @GetMapping(DOCS)
    ResponseEntity<String> docs() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CACHE).body(PAGE);
    }

    @GetMapping(DOCS + "/{file}")
    ResponseEntity<byte[]> docsFile(@PathVariable String file) {
        MediaType type = DOCS_FILES.get(file);
        if (type == null) {
            throw ApiErrorCode.NOT_FOUND.error();
        }
        return ResponseEntity.ok()
                .contentType(type)
                .cacheControl(CACHE)
                .body(read(swaggerUiRoot + file));
    }

    private static String swaggerUiVersion() {
        Properties pom = new Properties();
        try (InputStream in =
                new ClassPathResource("META-INF/maven/org.webjars/swagger-ui/pom.properties")
                        .getInputStream()) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the swagger-ui WebJar is not on the classpath", e);
        }
        return pom.getProperty("version");
    }

    private static byte[] read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("missing resource " + resource, e);
        }
    }
}
