package dev.cdcflow.pipeline.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcflow.localstack.ConnectWorker;
import org.junit.jupiter.api.Test;

class SoakOptionsTest {

    @Test
    void oneWorkerTakesTheFaultsOfOneWorkerInTheSeededOrderOfBefore() {
        SoakOptions options = SoakOptions.parse("--work-dir", "/tmp/x", "--seed", "41");

        assertThat(options.faults()).allMatch(fault -> fault.needs() == Fault.Needs.NOTHING).hasSize(8);
        // The group's faults came later: the seeded order of a one-worker soak is what it was.
        assertThat(options.faultOf(1)).isEqualTo(Fault.REBALANCE);
    }

    @Test
    void aGroupTakesItsOwnFaultsTooAndOneWorkerRefusesThem() {
        assertThat(SoakOptions.parse("--work-dir", "/tmp/x", "--workers", "3").faults())
                .contains(Fault.WORKER_KILL, Fault.WORKER_FREEZE, Fault.ROLLING_RESTART)
                .doesNotContain(Fault.BROKER_KILL);
        assertThatThrownBy(() -> SoakOptions.parse("--work-dir", "/tmp/x", "--faults", "worker-kill,s3-outage"))
                .hasMessageContaining("--faults worker-kill needs --workers 2 or more");
    }

    @Test
    void aKafkaClusterTakesTheBrokerKillAndOneNodeRefusesIt() {
        assertThat(SoakOptions.parse("--work-dir", "/tmp/x", "--workers", "3", "--brokers", "3").faults())
                .contains(Fault.BROKER_KILL, Fault.WORKER_FREEZE);
        assertThat(SoakOptions.parse("--work-dir", "/tmp/x", "--brokers", "3").faults())
                .contains(Fault.BROKER_KILL).doesNotContain(Fault.WORKER_KILL).hasSize(9);
        assertThatThrownBy(() -> SoakOptions.parse("--work-dir", "/tmp/x", "--faults", "broker-kill"))
                .hasMessageContaining("--faults broker-kill needs --brokers 3 or more");
        assertThatThrownBy(() -> SoakOptions.parse("--work-dir", "/tmp/x", "--brokers", "2"))
                .hasMessageContaining("--brokers takes 1 or 3 and more");
    }

    @Test
    void aNetworkCutIsAFaultOfAGroupOnAMachineThatCanMakeOne() {
        // The test command runs as root with iptables (the CI machines and the project's own setup do): the cut is
        // one of a group's faults, and a single worker refuses it.
        assertThat(ConnectWorker.networkCutsUnavailableBecause()).as("network cuts on this machine").isNull();
        assertThat(SoakOptions.parse("--work-dir", "/tmp/x", "--workers", "3").faults())
                .contains(Fault.WORKER_PARTITION).hasSize(12);
        assertThatThrownBy(() -> SoakOptions.parse("--work-dir", "/tmp/x", "--faults", "worker-partition"))
                .hasMessageContaining("--faults worker-partition needs --workers 2 or more");
    }
}
