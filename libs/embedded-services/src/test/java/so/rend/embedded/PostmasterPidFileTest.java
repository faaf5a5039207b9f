package so.rend.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PostmasterPidFileTest {

    /** As PostgreSQL 17 writes it once the server is ready. */
    private static final String READY =
            """
            23996
            /tmp/rx/data/postgres
            1795945992
            4432
            /tmp
            127.0.0.1
              10019075    131086
            ready  \s
            """;

    @Test
    void readsThePidTheDataDirectoryAndThePortOfARunningServer() {
        assertThat(PostmasterPidFile.parse(READY))
                .contains(new PostmasterPidFile(23996, Path.of("/tmp/rx/data/postgres"), 4432));
    }

    @Test
    void aFileCutShortBeforeThePortStillNamesItsProcess() {
        assertThat(PostmasterPidFile.parse("23996\n/data/postgres\n1795945992\n"))
                .contains(new PostmasterPidFile(23996, Path.of("/data/postgres"), 0));
    }

    @Test
    void readsTheNegativePidOlderServersWroteForASingleUserBackend() {
        assertThat(PostmasterPidFile.parse("-812\n/data/postgres\n1\n5432\n"))
                .map(PostmasterPidFile::pid)
                .contains(812L);
    }

    @Test
    void anEmptyOrHalfWrittenFileNamesNoProcess() {
        assertThat(PostmasterPidFile.parse("")).isEmpty();
        assertThat(PostmasterPidFile.parse("23996")).isEmpty();
        assertThat(PostmasterPidFile.parse("23996\n")).isEmpty();
    }

    @Test
    void aFileThatIsNotAPidFileNamesNoProcess() {
        assertThat(PostmasterPidFile.parse("hello\n/data\n")).isEmpty();
        assertThat(PostmasterPidFile.parse("1\n/data\n"))
                .as("init is nobody's postmaster")
                .isEmpty();
        assertThat(PostmasterPidFile.parse("0\n/data\n")).isEmpty();
    }

    @Test
    void aPortThatIsNotAPortCountsAsNotWrittenYet() {
        assertThat(PostmasterPidFile.parse("77\n/data\n1\n99999\n"))
                .map(PostmasterPidFile::port)
                .contains(0);
        assertThat(PostmasterPidFile.parse("77\n/data\n1\n\n"))
                .map(PostmasterPidFile::port)
                .contains(0);
    }
}
