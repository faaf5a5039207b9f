package so.rend.worker;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * rend-worker: runs media jobs from the Postgres queue and serves {@code /healthz}, {@code /readyz}
 * and Prometheus {@code /metrics} on REND_WORKER_PORT (default 4200).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerApplication {

    /**
     * The worker's application, configured from {@code rend-worker.yml}; the embedded mode starts
     * it in-process.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(WorkerApplication.class)
                .properties("spring.config.name=rend-worker")
                .web(WebApplicationType.REACTIVE);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
