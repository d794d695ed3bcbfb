package org.strowger.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelState;
import org.strowger.api.HangupCause;
import org.strowger.api.InvalidArgumentException;
import org.strowger.api.OutboundRequest;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/** Techs found by ServiceLoader are registered and usable like programmatic ones. */
@ExtendWith(NoLeakExtension.class)
class ServiceLoaderTechTest {
    @Test
    void serviceLoaderTechsAreRegisteredOnBuildOrOnRequest(TestCores cores) {
        Simulation sim = new Simulation(1);
        ChannelCore core = cores.simulated(sim, b -> b.serviceLoaderTechs());
        assertTrue(core.techNames().contains("Discovered"), core.techNames().toString());
        Channel ch = core.request(OutboundRequest.of("Discovered", "x"));
        CompletableFuture<Void> call = ch.call().toCompletableFuture();
        sim.runUntil(call::isDone);
        assertEquals(ChannelState.DIALING, ch.state());
        CompletableFuture<Void> down = ch.hangup(HangupCause.NORMAL_CLEARING).toCompletableFuture();
        sim.runUntil(down::isDone);
        assertThrows(InvalidArgumentException.class, core::registerServiceLoaderTechs, "already registered");

        Simulation other = new Simulation(2);
        ChannelCore later = cores.simulated(other, b -> { });
        assertEquals(List.of("Discovered"), later.registerServiceLoaderTechs());
    }
}
