package org.strowger.testkit;

import org.strowger.api.Channel;
import org.strowger.spi.ChannelTech;
import org.strowger.testkit.tck.ChannelTechTck;
import org.strowger.testkit.tck.RecordingTech;

/** The fake tech passes the TCK, with both optional hooks (far-end answer, inbound call). */
class FakeTechTckTest extends ChannelTechTck {
    private FakeTech fake;

    @Override
    protected ChannelTech newTech() {
        fake = new FakeTech();
        return fake;
    }

    @Override
    protected String dialableResource() {
        return "alice";
    }

    @Override
    protected void answerFromFarEnd(RecordingTech tech, Channel channel) {
        fake.channels().stream().filter(c -> c.channel().id().equals(channel.id())).findFirst().orElseThrow()
                .remote().answered();
    }

    @Override
    protected void triggerInboundCall(RecordingTech tech) {
        fake.inbound("bob", "100");
    }
}
