package so.rend.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import so.rend.embedded.ProcessFacts.Holder;

class ProcessFactsTest {

    private static final Path DATA = Path.of("/srv/rend/data/postgres");
    private static final Optional<Path> POSTGRES =
            Optional.of(Path.of("/tmp/embedded-pg/PG-8633e0cc/bin/postgres"));

    /** As zonky's pg_ctl starts it. */
    private static List<String> arguments(String dataDirectory) {
        return List.of("-D", dataDirectory, "-p", "4432", "-F", "-c", "listen_addresses=127.0.0.1");
    }

    @Test
    void aPostgresStartedOnThisDataDirectoryIsItsPostmaster() {
        ProcessFacts facts =
                new ProcessFacts(true, POSTGRES, arguments(DATA.toString()), Optional.empty());
        assertThat(facts.holderFor(DATA)).isEqualTo(Holder.THIS_DATA_DIRECTORYS_POSTMASTER);
    }

    @Test
    void aPostgresRunningInThisDataDirectoryIsItsPostmasterWhateverItsArgumentsSay() {
        ProcessFacts facts = new ProcessFacts(true, POSTGRES, List.of(), Optional.of(DATA));
        assertThat(facts.holderFor(DATA)).isEqualTo(Holder.THIS_DATA_DIRECTORYS_POSTMASTER);
        ProcessFacts joined =
                new ProcessFacts(true, POSTGRES, List.of("-D" + DATA), Optional.empty());
        assertThat(joined.holderFor(DATA)).isEqualTo(Holder.THIS_DATA_DIRECTORYS_POSTMASTER);
    }

    @Test
    void aPostgresOfAnotherDataDirectoryIsAnotherProcess() {
        ProcessFacts facts =
                new ProcessFacts(
                        true,
                        POSTGRES,
                        arguments("/srv/other/postgres"),
                        Optional.of(Path.of("/srv/other/postgres")));
        assertThat(facts.holderFor(DATA)).isEqualTo(Holder.ANOTHER_PROCESS);
    }

    @Test
    void aProcessThatIsNotPostgresIsAnotherProcessEvenInTheDataDirectory() {
        ProcessFacts shell =
                new ProcessFacts(
                        true, Optional.of(Path.of("/bin/bash")), List.of(), Optional.of(DATA));
        assertThat(shell.holderFor(DATA)).isEqualTo(Holder.ANOTHER_PROCESS);
    }

    @Test
    void aDeadProcessHoldsNothing() {
        assertThat(ProcessFacts.NOT_RUNNING.holderFor(DATA)).isEqualTo(Holder.NOBODY);
    }

    @Test
    void aPostgresWhoseArgumentsAndDirectoryAreHiddenCannotBeTold() {
        assertThat(new ProcessFacts(true, POSTGRES, List.of(), Optional.empty()).holderFor(DATA))
                .isEqualTo(Holder.CANNOT_TELL);
        assertThat(
                        new ProcessFacts(true, Optional.empty(), List.of(), Optional.of(DATA))
                                .holderFor(DATA))
                .isEqualTo(Holder.CANNOT_TELL);
    }
}
