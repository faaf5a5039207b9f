package so.rend.api.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import so.rend.api.config.ApiProperties;

/** In dev mode only, seeds the dev account with {@code REND_DEV_API_KEY}. */
@Component
public class DevAccountSeeder {

    private static final Logger log = LoggerFactory.getLogger(DevAccountSeeder.class);

    private final ApiKeys apiKeys;
    private final ApiProperties properties;

    public DevAccountSeeder(ApiKeys apiKeys, ApiProperties properties) {
        this.apiKeys = apiKeys;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void seed() {
        if (!properties.devMode()) {
            return;
        }
        apiKeys.seedDevAccount(properties.devApiKey()).block();
        log.info("dev mode: the dev account accepts REND_DEV_API_KEY");
    }
}
