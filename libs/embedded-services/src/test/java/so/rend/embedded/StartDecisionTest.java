package so.rend.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import so.rend.embedded.ProcessFacts.Holder;
import so.rend.embedded.StartDecision.Findings;

class StartDecisionTest {

    private static final int PORT = 4432;

    private static Optional<PostmasterPidFile> pidFile(int port) {
        return Optional.of(new PostmasterPidFile(23996, Path.of("/data/postgres"), port));
    }

    private static StartDecision decide(
            Optional<PostmasterPidFile> pidFile, Holder holder, boolean portInUse) {
        return StartDecision.of(new Findings(false, true, pidFile, holder, PORT, portInUse));
    }

    @Test
    void aCleanDataDirectoryAndAFreePortStart() {
        assertThat(
                        StartDecision.of(
                                new Findings(
                                        false,
                                        false,
                                        Optional.empty(),
                                        Holder.NOBODY,
                                        PORT,
                                        false)))
                .isEqualTo(StartDecision.START);
    }

    @Test
    void aListenerOnThePortWithNoServerOfThisDataDirectoryIsRefused() {
        assertThat(
                        StartDecision.of(
                                new Findings(
                                        false, false, Optional.empty(), Holder.NOBODY, PORT, true)))
                .isEqualTo(StartDecision.REFUSE_PORT_IN_USE);
    }

    @Test
    void theServerAKilledJvmLeftOnThePortIsStoppedNotRefused() {
        assertThat(decide(pidFile(PORT), Holder.THIS_DATA_DIRECTORYS_POSTMASTER, true))
                .isEqualTo(StartDecision.STOP_LEFTOVER_SERVER);
    }

    @Test
    void theLeftoverServerIsStoppedWhenThisStartWantsAnotherPort() {
        assertThat(decide(pidFile(5555), Holder.THIS_DATA_DIRECTORYS_POSTMASTER, false))
                .isEqualTo(StartDecision.STOP_LEFTOVER_SERVER);
        assertThat(
                        StartDecision.of(
                                new Findings(
                                        false,
                                        true,
                                        pidFile(5555),
                                        Holder.THIS_DATA_DIRECTORYS_POSTMASTER,
                                        0,
                                        false)))
                .as("a start that takes any free port")
                .isEqualTo(StartDecision.STOP_LEFTOVER_SERVER);
    }

    @Test
    void aForeignListenerOnThePortIsRefusedBeforeTheLeftoverElsewhereIsTouched() {
        assertThat(decide(pidFile(5555), Holder.THIS_DATA_DIRECTORYS_POSTMASTER, true))
                .isEqualTo(StartDecision.REFUSE_PORT_IN_USE);
    }

    @Test
    void aLeftoverThatHadNotWrittenItsPortIsStoppedAndThePortLookedAtAgain() {
        assertThat(decide(pidFile(0), Holder.THIS_DATA_DIRECTORYS_POSTMASTER, true))
                .isEqualTo(StartDecision.STOP_LEFTOVER_SERVER);
    }

    @Test
    void aPidFileNamingADeadOrUnrelatedProcessIsRemoved() {
        assertThat(decide(pidFile(PORT), Holder.NOBODY, false))
                .isEqualTo(StartDecision.REMOVE_STALE_PID_FILE);
        assertThat(decide(pidFile(PORT), Holder.ANOTHER_PROCESS, false))
                .isEqualTo(StartDecision.REMOVE_STALE_PID_FILE);
    }

    @Test
    void aStalePidFileWithAForeignListenerOnThePortIsRefusedAndKept() {
        assertThat(decide(pidFile(PORT), Holder.NOBODY, true))
                .isEqualTo(StartDecision.REFUSE_PORT_IN_USE);
        assertThat(decide(pidFile(PORT), Holder.ANOTHER_PROCESS, true))
                .as("another PostgreSQL on the port")
                .isEqualTo(StartDecision.REFUSE_PORT_IN_USE);
    }

    @Test
    void anUnreadablePidFileNobodyHoldsIsARemnantToRemove() {
        assertThat(decide(Optional.empty(), Holder.NOBODY, false))
                .isEqualTo(StartDecision.REMOVE_STALE_PID_FILE);
    }

    @Test
    void aLiveProcessThatCannotBeCheckedIsLeftAlone() {
        assertThat(decide(pidFile(PORT), Holder.CANNOT_TELL, true))
                .isEqualTo(StartDecision.REFUSE_UNKNOWN_PID_HOLDER);
        assertThat(decide(pidFile(PORT), Holder.CANNOT_TELL, false))
                .isEqualTo(StartDecision.REFUSE_UNKNOWN_PID_HOLDER);
    }

    @Test
    void aDataDirectoryALiveStartHoldsIsRefusedWhateverElseIsTrue() {
        for (Holder holder : Holder.values()) {
            assertThat(
                            StartDecision.of(
                                    new Findings(true, true, pidFile(PORT), holder, PORT, true)))
                    .isEqualTo(StartDecision.REFUSE_DATA_DIRECTORY_IN_USE);
        }
    }
}
