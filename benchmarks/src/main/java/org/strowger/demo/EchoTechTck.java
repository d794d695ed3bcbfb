package org.strowger.demo;

import org.strowger.api.Channel;
import org.strowger.spi.ChannelTech;
import org.strowger.testkit.tck.ChannelTechTck;
import org.strowger.testkit.tck.RecordingTech;

/**
 * How a plugin runs the ChannelTech TCK: extend {@link ChannelTechTck}, say how to make the tech and where to dial,
 * and implement the optional hooks if the far end can be driven. In a plugin this class lives in
 * {@code src/test/java} and is named {@code *Test} so that surefire runs it; here it is compiled with the demo so
 * that {@code docs/spi-guide.md} can never drift from the real TCK.
 */
public class EchoTechTck extends ChannelTechTck {
    private EchoTech echo;

    @Override
    protected ChannelTech newTech() {
        echo = new EchoTech();
        return echo;
    }

    @Override
    protected String dialableResource() {
        return "alice";
    }

    @Override
    protected void answerFromFarEnd(RecordingTech tech, Channel channel) {
        // Nothing to do: the mirror answers by itself shortly after call(); the TCK waits for state UP.
    }

    @Override
    protected void triggerInboundCall(RecordingTech tech) {
        echo.ring("bob", "100"); // goes through the context the core gave start(), as a network thread would
    }
}
