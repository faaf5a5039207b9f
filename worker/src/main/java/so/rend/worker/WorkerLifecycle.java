package so.rend.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import so.rend.database.DatabaseSettings;
import so.rend.database.DatabaseUrl;
import so.rend.migrations.RendSchema;
import so.rend.worker.queue.MediaJobRunner;
import so.rend.worker.queue.QueueListener;

/** Migrates the schema, then starts listening and running jobs; on stop, drains them gracefully. */
@Component
class WorkerLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkerLifecycle.class);

    private final DatabaseUrl url;
    private final DatabaseSettings database;
    private final QueueListener listener;
    private final MediaJobRunner runner;
    private volatile boolean running;

    WorkerLifecycle(
            DatabaseUrl url,
            DatabaseSettings database,
            QueueListener listener,
            MediaJobRunner runner) {
        this.url = url;
        this.database = database;
        this.listener = listener;
        this.runner = runner;
    }

    @Override
    public void start() {
        if (database.migrateOnStart()) {
            RendSchema.migrate(url.jdbcUrl(), url.user(), url.password());
            log.info("schema rend migrated at {}", url);
        }
        listener.start();
        runner.start();
        running = true;
    }

    @Override
    public void stop() {
        runner.close();
        listener.close();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stops after the web server has stopped taking requests (the default phase), so /readyz goes
     * first.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
