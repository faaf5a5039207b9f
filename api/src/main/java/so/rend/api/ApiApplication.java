package so.rend.api;

import java.util.Arrays;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import so.rend.api.config.ApiCommands;

/**
 * rend-api: the control plane. {@code java -jar rend-api-exec.jar [migrate | create-api-key NAME]}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ApiApplication {

    /**
     * The API's application, reading {@code rend-api.yml} so it can share a JVM with the worker and
     * edge.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ApiApplication.class)
                .properties("spring.config.name=rend-api");
    }

    public static void main(String[] args) {
        if (args.length > 0 && ApiCommands.handles(args[0])) {
            System.exit(
                    ApiCommands.run(
                            args[0], Arrays.copyOfRange(args, 1, args.length), System.getenv()));
        }
        builder().run(args);
    }
}
