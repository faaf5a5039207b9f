package so.rend.api.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;
import tools.jackson.databind.JsonNode;

/**
 * A direct upload URL's token never reaches the log, even when a request on it fails unexpectedly
 * (the S3 upload behind the session is gone, so sending a part is a 500): every event of every
 * logger, message and stack trace, is checked while a real API serves the URL.
 */
class DirectUploadTokenLogsIT {

    @Test
    void theTokenIsInNoLogLineEvenForAnUnexpectedError() throws Exception {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        try (RunningApi api = ApiTestEnvironment.start(Map.of())) {
            // Attached once the API runs: Spring Boot resets the logging configuration at start.
            root.addAppender(logged);
            String key = api.newAccountKey();
            JsonNode session = DirectUploads.session(api, key, "{\"cors_origin\":\"*\"}");
            String url = session.path("url").asString();
            String token = url.substring(url.lastIndexOf('/') + 1);
            byte[] data = DirectUploads.mp4Like(6 * 1024 * 1024, 21);
            assertThat(UploadSessionsIT.tusCreateOn(api, url, data.length).status()).isEqualTo(201);
            UUID id = UUID.fromString(session.path("id").asString());
            String s3UploadId = setS3UploadId(api, id, "gone");

            Response failed = UploadSessionEndingsIT.patch(api, url, 0, data);
            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.body()).doesNotContain(token);
            api.send(HttpRequest.newBuilder(URI.create(url + "x")).GET().build());

            assertThat(logged.list)
                    .anySatisfy(
                            event ->
                                    assertThat(event.getFormattedMessage())
                                            .contains(
                                                    "unhandled error on PATCH /v1/direct-uploads/***"));
            // The real S3 upload back, and cancelled: nothing left pending for other tests.
            setS3UploadId(api, id, s3UploadId);
            DirectUploads.cancelWaiting(api);
            for (ILoggingEvent event : logged.list) {
                assertThat(event.getFormattedMessage()).doesNotContain(token);
                if (event.getThrowableProxy() != null) {
                    assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy()))
                            .doesNotContain(token);
                }
            }
        } finally {
            root.detachAppender(logged);
        }
    }

    /** Sets the session's S3 upload id; the one it had. */
    private static String setS3UploadId(RunningApi api, UUID id, String s3UploadId) {
        String before =
                api.db()
                        .sql("SELECT s3_upload_id FROM rend.upload_sessions WHERE id = :id")
                        .bind("id", id)
                        .map(row -> row.get(0, String.class))
                        .one()
                        .block();
        api.db()
                .sql("UPDATE rend.upload_sessions SET s3_upload_id = :s3 WHERE id = :id")
                .bind("id", id)
                .bind("s3", s3UploadId)
                .then()
                .block();
        return before;
    }
}
