package so.rend.edge;

import java.util.Arrays;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;
import so.rend.edge.cache.CacheDirOwner;
import so.rend.edge.config.EdgeTls;

/** rend-edge: serves signed playback URLs from RAM and disk, filling misses from the S3 origin. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class EdgeApplication {

    /**
     * The edge's application, reading {@code rend-edge.yml} so it can share a JVM with the API and
     * worker.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(EdgeApplication.class)
                .properties("spring.config.name=rend-edge")
                .listeners(new EdgeTls());
    }

    /**
     * Starts the edge; {@code own-cache-dir <dir> <uid> <gid>} instead gives the state directory to
     * the edge's user and exits (the edge pod's init container: {@link CacheDirOwner}).
     */
    public static void main(String[] args) {
        if (args.length > 0 && CacheDirOwner.COMMAND.equals(args[0])) {
            System.exit(CacheDirOwner.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        builder().run(args);
    }
}
