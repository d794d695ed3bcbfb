package org.strowger.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.strowger.api.ChannelCore;
import org.strowger.api.CommandRejectedException;
import org.strowger.api.CreationRate;
import org.strowger.api.EndpointUsage;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.OutboundRequest;
import org.strowger.api.Party;
import org.strowger.core.Strowger;
import org.strowger.spi.InboundCall;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/** Malformed endpoint keys, limits and rates are refused with InvalidArgumentException and change nothing. */
@ExtendWith(NoLeakExtension.class)
class AdmissionBadInputTest {
    private static final String LONGEST = "e".repeat(EndpointUsage.MAX_ENDPOINT_LENGTH);
    private static final List<String> BAD_KEYS = List.of("", LONGEST + "x", "a\nb", "tab\there", "nul\u0000", "\u007f");

    private static void invalid(Executable e) {
        assertThrows(InvalidArgumentException.class, e);
    }

    @Test
    void malformedEndpointsAndLimitsAreRefusedAndChangeNothing(TestCores cores) {
        Simulation sim = new Simulation(3);
        FakeTech fake = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> b.usageLimit("Fake/a", 1), fake);
        for (String bad : BAD_KEYS) {
            invalid(() -> core.setUsageLimit(bad, 1));
            invalid(() -> core.removeUsageLimit(bad));
            invalid(() -> core.usage(bad));
            invalid(() -> OutboundRequest.of("Fake", "a").withEndpoint(bad));
            invalid(() -> InboundCall.of("a", "1").withEndpoint(bad));
            invalid(() -> new InboundCall("a", "1", Party.UNKNOWN, Map.of(), null, bad));
            invalid(() -> new EndpointUsage(bad, 1, 0));
        }
        invalid(() -> core.setUsageLimit(null, 1));
        invalid(() -> core.removeUsageLimit(null));
        invalid(() -> core.usage(null));
        invalid(() -> core.setUsageLimit("Fake/a", -1));
        invalid(() -> core.setUsageLimit("Fake/a", Integer.MIN_VALUE));
        invalid(() -> new EndpointUsage("x", -1, 0));
        invalid(() -> core.setCreationRate(null));
        assertEquals(List.of(new EndpointUsage("Fake/a", 1, 0)), core.usageLimits(), "nothing changed");
        assertEquals(java.util.Optional.empty(), core.creationRate());
        core.setUsageLimit(LONGEST, 0); // the longest key is fine
        assertEquals(0, core.usage(LONGEST).orElseThrow().limit());
        core.setUsageLimit("Fake/ünïcode and spaces", 3); // any text without control characters
        assertEquals(3, core.usage("Fake/ünïcode and spaces").orElseThrow().limit());
        assertEquals(java.util.Optional.empty(), core.usage("fake/a"), "keys are case-sensitive");
        // a 32-character tech and a 256-character resource make the longest default key
        assertEquals(EndpointUsage.MAX_ENDPOINT_LENGTH,
                OutboundRequest.of("T".repeat(32), "r".repeat(OutboundRequest.MAX_RESOURCE_LENGTH)).endpointKey().length());
    }

    @Test
    void malformedRatesAndBuilderOptionsAreRefused() {
        for (double bad : new double[] {0, -1, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                1e9 + 1, 0.0009}) {
            invalid(() -> new CreationRate(bad, 1));
            invalid(() -> Strowger.builder().creationRate(bad, 1));
        }
        for (int bad : new int[] {0, -1, Integer.MIN_VALUE, CreationRate.MAX_BURST + 1}) {
            invalid(() -> new CreationRate(1, bad));
            invalid(() -> Strowger.builder().creationRate(1, bad));
        }
        Consumer<String> badKey = key -> invalid(() -> Strowger.builder().usageLimit(key, 1));
        BAD_KEYS.forEach(badKey);
        badKey.accept(null);
        invalid(() -> Strowger.builder().usageLimit("Fake/a", -1));
        invalid(() -> Strowger.builder().maxChannels(-1));
    }

    @Test
    void everyReasonCarriesACauseToSignal() {
        for (CommandRejectedException.Reason r : CommandRejectedException.Reason.values()) {
            CommandRejectedException e = new CommandRejectedException(r, "x");
            assertEquals(r.hangupCause(), e.hangupCause(), r.toString());
        }
        assertEquals(HangupCause.USER_BUSY, CommandRejectedException.Reason.ENDPOINT_BUSY.hangupCause());
        assertEquals(HangupCause.SWITCH_CONGESTION, CommandRejectedException.Reason.RATE_LIMITED.hangupCause());
        assertEquals(HangupCause.SWITCH_CONGESTION, CommandRejectedException.Reason.LIMIT_REACHED.hangupCause());
        assertEquals(HangupCause.CALL_REJECTED, new CommandRejectedException(CommandRejectedException.Reason.WRONG_STATE,
                HangupCause.CALL_REJECTED, "x").hangupCause());
        assertThrows(NullPointerException.class,
                () -> new CommandRejectedException(CommandRejectedException.Reason.WRONG_STATE, null, "x"));
    }
}
