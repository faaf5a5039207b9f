package so.rend.api.assets;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import so.rend.api.ApiTestEnvironment;
import so.rend.api.ApiTestEnvironment.Response;
import so.rend.api.ApiTestEnvironment.RunningApi;

/**
 * A 1 GiB upload through rend-api to a real S3 wire-protocol server (S3Proxy on disk) keeps the
 * live heap within 64 MiB of where it started, and the stored object is byte-for-byte the body; a
 * hundred stalled uploads in flight at once stay within the same budget. The live heap is what the
 * garbage collector finds after each collection (forced at every quarter of the upload), so garbage
 * waiting to be collected does not count and retained buffers do. The figure includes S3Proxy's own
 * buffers, which share this JVM: the API alone uses less.
 */
class LargeUploadMemoryIT {

    private static final long GIB = 1024L * 1024 * 1024;
    private static final long BUDGET = 64L * 1024 * 1024;

    @Test
    void aOneGibUploadKeepsHeapGrowthUnder64MibAndStoresTheExactBytes() throws Exception {
        try (RunningApi api =
                ApiTestEnvironment.start(Map.of("REND_MAX_UPLOAD_BYTES", Long.toString(2 * GIB)))) {
            // Warm the path once so class loading and pools do not count as growth.
            api.send(
                    api.request("/v1/videos", "dev-api-key")
                            .header("content-type", "video/mp4")
                            .POST(
                                    HttpRequest.BodyPublishers.ofByteArray(
                                            UploadApiIT.mp4Like(9 * 1024 * 1024)))
                            .build());
            java.util.Set<String> heapPools =
                    ManagementFactory.getMemoryPoolMXBeans().stream()
                            .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
                            .map(java.lang.management.MemoryPoolMXBean::getName)
                            .collect(java.util.stream.Collectors.toSet());
            long baseline = liveHeapAfterFullGc();
            AtomicLong peakLive = new AtomicLong(baseline);
            AtomicLong peakAny = new AtomicLong(baseline);
            NotificationListener listener =
                    (notification, handback) -> {
                        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                                .equals(notification.getType())) {
                            var info =
                                    GarbageCollectionNotificationInfo.from(
                                            (CompositeData) notification.getUserData());
                            long used =
                                    info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                                            .filter(pool -> heapPools.contains(pool.getKey()))
                                            .mapToLong(pool -> pool.getValue().getUsed())
                                            .sum();
                            // Only full collections tell the live set: after a young one, dead
                            // objects already in the old generation still count as used.
                            if ("System.gc()".equals(info.getGcCause())) {
                                peakLive.accumulateAndGet(used, Math::max);
                            }
                            peakAny.accumulateAndGet(used, Math::max);
                        }
                    };
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
            }
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            long started = System.nanoTime();
            Response response;
            try {
                response =
                        api.send(
                                api.request("/v1/videos", "dev-api-key")
                                        .header("content-type", "video/mp4")
                                        .POST(
                                                HttpRequest.BodyPublishers.fromPublisher(
                                                        HttpRequest.BodyPublishers.ofInputStream(
                                                                () ->
                                                                        new GeneratedVideo(
                                                                                GIB, sent)),
                                                        GIB))
                                        .build());
            } finally {
                for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                    ((NotificationEmitter) gc).removeNotificationListener(listener);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;

            assertThat(response.status()).as(response.body()).isEqualTo(201);
            String key = response.json().path("source_object_key").asString();
            assertThat(response.json().path("source_byte_size").asLong()).isEqualTo(GIB);
            MessageDigest stored = MessageDigest.getInstance("SHA-256");
            ApiTestEnvironment.store()
                    .get(key, null)
                    .block()
                    .body()
                    .doOnNext(stored::update)
                    .blockLast();
            assertThat(HexFormat.of().formatHex(stored.digest()))
                    .isEqualTo(HexFormat.of().formatHex(sent.digest()));
            long growth = peakLive.get() - baseline;
            System.out.printf(
                    "{\"upload_bytes\": %d, \"seconds\": %.2f, \"mib_per_second\": %.1f, "
                            + "\"live_heap_baseline_mib\": %.1f, \"live_heap_peak_growth_mib\": %.1f, "
                            + "\"heap_after_any_gc_peak_growth_mib\": %.1f}%n",
                    GIB,
                    seconds,
                    GIB / 1048576.0 / seconds,
                    baseline / 1048576.0,
                    growth / 1048576.0,
                    (peakAny.get() - baseline) / 1048576.0);
            assertThat(growth).as("live heap growth in bytes").isLessThan(BUDGET);
            ApiTestEnvironment.store().delete(key).block();
        }
    }

    /**
     * A hundred uploads that send an MP4 header and stall, all in flight at once, hold what they
     * sent, not a part buffer each: the live heap grows by well under 64 MiB (it grew by ~1.0 GiB,
     * in a 3 GiB heap, when every upload took an 8 MiB part buffer on its first byte).
     */
    @Test
    void aHundredStalledUploadsInFlightKeepHeapGrowthUnder64Mib() throws Exception {
        int uploads = 100;
        try (RunningApi api =
                ApiTestEnvironment.start(
                        Map.of(
                                "REND_MAX_CONCURRENT_UPLOADS",
                                Integer.toString(uploads),
                                "REND_UPLOAD_IDLE_TIMEOUT_SECS",
                                "300"))) {
            long assetsBefore = api.count("SELECT count(*) FROM rend.assets");
            byte[] header = UploadApiIT.mp4Like(112);
            // Warm the stalled path once so class loading and pools do not count as growth.
            try (RawUpload warm = RawUpload.start(api, "dev-api-key", 100_000_000, header)) {
                UploadBoundsIT.waitFor(
                        () -> UploadBoundsIT.inFlight(api) == 1, Duration.ofSeconds(10));
            }
            UploadBoundsIT.waitFor(() -> UploadBoundsIT.inFlight(api) == 0, Duration.ofSeconds(10));
            long baseline = liveHeapAfterFullGc();

            List<RawUpload> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < uploads; i++) {
                    stalled.add(RawUpload.start(api, "dev-api-key", 100_000_000, header));
                }
                UploadBoundsIT.waitFor(
                        () -> UploadBoundsIT.inFlight(api) == uploads, Duration.ofSeconds(30));
                // Let the 112 bytes of each reach its part before measuring.
                Thread.sleep(1_000);
                long growth = liveHeapAfterFullGc() - baseline;
                int inFlight = UploadBoundsIT.inFlight(api);
                long answered = 0;
                for (RawUpload upload : stalled) {
                    answered += upload.answered() ? 1 : 0;
                }
                System.out.printf(
                        "{\"stalled_uploads\": %d, \"bytes_sent_each\": %d, \"in_flight\": %d, "
                                + "\"answered\": %d, \"live_heap_baseline_mib\": %.1f, "
                                + "\"live_heap_growth_mib\": %.1f}%n",
                        uploads,
                        header.length,
                        inFlight,
                        answered,
                        baseline / 1048576.0,
                        growth / 1048576.0);

                assertThat(inFlight).isEqualTo(uploads);
                assertThat(answered).isZero();
                assertThat(growth).as("live heap growth in bytes").isLessThan(BUDGET);
            } finally {
                for (RawUpload upload : stalled) {
                    upload.close();
                }
            }
            UploadBoundsIT.waitFor(() -> UploadBoundsIT.inFlight(api) == 0, Duration.ofSeconds(30));
            assertThat(UploadBoundsIT.pendingMultipartUploads()).isEmpty();
            assertThat(api.count("SELECT count(*) FROM rend.assets")).isEqualTo(assetsBefore);
        }
    }

    private static long liveHeapAfterFullGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * {@code size} bytes that start like an MP4, made on the fly and hashed as they are read, with
     * a full collection at each quarter so the live heap is measured mid-upload.
     */
    private static final class GeneratedVideo extends InputStream {

        private final long size;
        private final MessageDigest digest;
        private final byte[] block = new byte[1024 * 1024];
        private long position;
        private int nextQuarter = 1;

        GeneratedVideo(long size, MessageDigest digest) {
            this.size = size;
            this.digest = digest;
            new Random(42).nextBytes(block);
            byte[] ftyp = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
            System.arraycopy(ftyp, 0, block, 0, ftyp.length);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            if (nextQuarter < 4 && position >= size / 4 * nextQuarter) {
                nextQuarter++;
                System.gc();
            }
            int inBlock = (int) (position % block.length);
            int n = (int) Math.min(Math.min(length, block.length - inBlock), size - position);
            if (inBlock == 0 && position > 0) {
                // Vary each MiB so a stuck or repeated part would change the hash.
                long mib = position / block.length;
                for (int i = 0; i < 8; i++) {
                    block[16 + i] = (byte) (mib >>> (8 * i));
                }
            }
            System.arraycopy(block, inBlock, buffer, offset, n);
            digest.update(buffer, offset, n);
            position += n;
            return n;
        }
    }
}
