package org.strowger.testkit;

import org.strowger.api.Channel;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.Frame;
import org.strowger.spi.ChannelTech;
import org.strowger.testkit.tck.ChannelTechTck;
import org.strowger.testkit.tck.RecordingTech;

/** The fake tech passes the TCK, with every optional hook (far-end answer, hang-up and frames; inbound call). */
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
        fake.channelOf(channel).remote().answered();
    }

    @Override
    protected void hangupFromFarEnd(RecordingTech tech, Channel channel, HangupCause cause) {
        fake.channelOf(channel).remote().hangup(cause);
    }

    @Override
    protected void sendFromFarEnd(RecordingTech tech, Channel channel, Frame frame) {
        fake.channelOf(channel).remote().receive(frame);
    }

    @Override
    protected void triggerInboundCall(RecordingTech tech) {
        fake.inbound("bob", "100");
    }
}
