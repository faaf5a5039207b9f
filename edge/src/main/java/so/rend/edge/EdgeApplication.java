package so.rend.edge;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

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
                .properties("spring.config.name=rend-edge");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
