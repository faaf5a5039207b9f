package so.rend.api.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.ByteArrayInputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.RunningApi;
import tools.jackson.databind.JsonNode;

/**
 * A tus upload's state is Postgres and S3, not an API process: a real tus-java-client resumes from
 * HEAD's offset on a freshly started API after the first one stopped mid-upload, and an upload
 * whose 1 MiB PATCHes alternate between two API processes (as behind a load balancer) completes
 * whole. Real PostgreSQL and S3Proxy, shared by the processes.
 */
class TusResumeAcrossApisIT {

    private static final int MIB = 1024 * 1024;

    @Test
    void aClientResumesFromTheStoredOffsetOnAnApiStartedAfterTheFirstStopped() throws Exception {
        byte[] data = DirectUploads.mp4Like(9 * MIB + 777, 11);
        RunningApi first = ApiTestEnvironment.start(Map.of());
        String key = first.newAccountKey();
        JsonNode session = DirectUploads.session(first, key, "{\"cors_origin\":\"*\"}");
        String url = session.path("url").asString();
        TusUploader uploader =
                DirectUploads.tusClient(url).createUpload(DirectUploads.tusUpload(data));
        uploader.setChunkSize(64 * 1024);
        uploader.setRequestPayloadSize(MIB);
        long sent = 0;
        while (sent < 6 * MIB + MIB / 2) {
            sent += uploader.uploadChunk();
        }
        uploader.finish(false);
        first.close();

        RunningApi second = ApiTestEnvironment.start(Map.of());
        try {
            TusUploader resumed =
                    DirectUploads.tusClient(url)
                            .beginOrResumeUploadFromURL(
                                    DirectUploads.tusUpload(data), DirectUploads.on(second, url));
            long resumedAt = resumed.getOffset();
            assertThat(resumedAt).isPositive().isLessThanOrEqualTo(sent);
            resumed.setRequestPayloadSize(MIB);
            while (resumed.uploadChunk() > -1) {
                // the rest
            }
            resumed.finish();

            String asset = session.path("asset_id").asString();
            assertThat(DirectUploads.sha256(DirectUploads.storedSource(asset)))
                    .isEqualTo(DirectUploads.sha256(data));
            assertThat(second.get("/v1/assets/" + asset, key).status()).isEqualTo(200);
        } finally {
            second.close();
        }
    }

    @Test
    void oneMibPatchesAlternatingBetweenTwoApisCompleteWhole() throws Exception {
        byte[] data = DirectUploads.mp4Like(11 * MIB + 5, 13);
        RunningApi one = ApiTestEnvironment.start(Map.of());
        RunningApi two = ApiTestEnvironment.start(Map.of());
        try {
            String key = one.newAccountKey();
            JsonNode session = DirectUploads.session(one, key, "{\"cors_origin\":\"*\"}");
            String url = session.path("url").asString();
            TusClient client = DirectUploads.tusClient(url);
            client.createUpload(DirectUploads.tusUpload(data)).finish(false);
            int patches = 0;
            for (long offset = 0; offset < data.length; patches++) {
                RunningApi target = patches % 2 == 0 ? one : two;
                TusUpload upload = DirectUploads.tusUpload(data);
                upload.setInputStream(new ByteArrayInputStream(data));
                TusUploader uploader =
                        client.beginOrResumeUploadFromURL(upload, DirectUploads.on(target, url));
                assertThat(uploader.getOffset()).isEqualTo(offset);
                uploader.setRequestPayloadSize(MIB);
                uploader.setChunkSize(MIB);
                uploader.uploadChunk();
                uploader.finish(false);
                offset = uploader.getOffset();
            }
            assertThat(patches).isEqualTo(12);
            String asset = session.path("asset_id").asString();
            assertThat(DirectUploads.sha256(DirectUploads.storedSource(asset)))
                    .isEqualTo(DirectUploads.sha256(data));
            assertThat(
                            two.get("/v1/uploads/" + session.path("id").asString(), key)
                                    .json()
                                    .path("status")
                                    .asString())
                    .isEqualTo("asset_created");
        } finally {
            one.close();
            two.close();
        }
    }
}
