package so.rend.api.analytics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Current ClickHouse, in process, through chDB (PyPI, pinned in {@code
 * scripts/chdb-requirements.txt}, in a venv {@code scripts/chdb-venv.sh} builds once and caches).
 * Without Python or the registry the calling test is skipped loudly, and fails under {@code
 * CI=true}.
 */
final class ChDb {

    /** What a run printed: the engine's version and each statement's TSV output. */
    record Run(String version, List<String> results) {}

    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String python;

    private ChDb(String python) {
        this.python = python;
    }

    static ChDb installOrSkip() {
        try {
            Process venv =
                    new ProcessBuilder("bash", SCRIPTS.resolve("chdb-venv.sh").toString())
                            .redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start();
            String python =
                    new String(venv.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (venv.waitFor(600, TimeUnit.SECONDS) && venv.exitValue() == 0) {
                return new ChDb(python);
            }
        } catch (IOException e) {
            // answered below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String message =
                "SKIPPED: no chDB venv (scripts/chdb-venv.sh needs python3 with venv and PyPI)";
        System.err.println(message);
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(message + " — CI must provide it");
        }
        return Assumptions.abort(message);
    }

    /** Runs {@code statements} in order in one fresh session. */
    Run run(List<String> statements) throws IOException, InterruptedException {
        Path input = Files.createTempFile("rend-chdb-", ".json");
        try {
            Files.writeString(input, JSON.writeValueAsString(statements));
            Process process =
                    new ProcessBuilder(python, SCRIPTS.resolve("chdb_run.py").toString())
                            .redirectInput(input.toFile())
                            .redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("chdb_run.py failed (see stderr)");
            }
            JsonNode answer = JSON.readTree(output);
            return new Run(
                    answer.path("version").asString(),
                    answer.path("results").valueStream().map(JsonNode::asString).toList());
        } finally {
            Files.deleteIfExists(input);
        }
    }
}
