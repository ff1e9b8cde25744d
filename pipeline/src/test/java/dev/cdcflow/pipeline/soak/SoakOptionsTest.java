package dev.cdcflow.pipeline.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SoakOptionsTest {

    @Test
    void oneWorkerTakesTheFaultsOfOneWorkerInTheSeededOrderOfBefore() {
        SoakOptions options = SoakOptions.parse("--work-dir", "/tmp/x", "--seed", "41");

        assertThat(options.faults()).noneMatch(Fault::needsGroup).hasSize(8);
        // The group's faults came later: the seeded order of a one-worker soak is what it was.
        assertThat(options.faultOf(1)).isEqualTo(Fault.REBALANCE);
    }

    @Test
    void aGroupTakesItsOwnFaultsTooAndOneWorkerRefusesThem() {
        assertThat(SoakOptions.parse("--work-dir", "/tmp/x", "--workers", "3").faults())
                .contains(Fault.WORKER_KILL, Fault.WORKER_FREEZE, Fault.ROLLING_RESTART).hasSize(11);
        assertThatThrownBy(() -> SoakOptions.parse("--work-dir", "/tmp/x", "--faults", "worker-kill,s3-outage"))
                .hasMessageContaining("--faults worker-kill need a group of workers: --workers 2 or more");
    }
}
