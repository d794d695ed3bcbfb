package org.strowger.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.strowger.api.Cancellable;
import org.strowger.api.HangupCause;
import org.strowger.api.frame.Control;
import org.strowger.api.frame.ControlFrame;
import org.strowger.api.frame.MediaFormat;
import org.strowger.api.frame.MediaFrame;
import org.strowger.api.frame.VoiceFrame;
import org.strowger.api.media.ChannelMedia;
import org.strowger.spi.BridgePeer;
import org.strowger.spi.ChannelSink;
import org.strowger.spi.Codec;
import org.strowger.spi.DirectMedia;
import org.strowger.spi.OutboundSetup;
import org.strowger.spi.TechChannel;
import org.strowger.spi.TechContext;
import org.strowger.spi.TechExecutor;

/**
 * The java snippets of the media sections of docs/spi-guide.md, compiled: the media side of a network tech that
 * speaks RTP, with the network itself left out (the {@code send...} methods). Not a working tech.
 */
final class TechMediaSnippets {
    private TechMediaSnippets() {
    }

    /** What the tech offers a two-party peer of the same tech for direct media. Immutable: the peer reads it. */
    record RtpAddress(String host, int port, List<MediaFormat> formats) implements DirectMedia {
        RtpAddress {
            formats = List.copyOf(formats);
        }
    }

    /** The formats the tech can speak, in its order of preference. */
    static final List<MediaFormat> SPOKEN = List.of(MediaFormat.G722, MediaFormat.ULAW, MediaFormat.ALAW);

    /** The formats to offer a callee: what the requesting channel speaks first, so the call needs no translation. */
    static List<MediaFormat> offerFor(OutboundSetup setup) {
        List<MediaFormat> offer = new ArrayList<>();
        for (MediaFormat f : setup.requesterFormats()) {
            if (SPOKEN.contains(f)) {
                offer.add(f);
            }
        }
        for (MediaFormat f : SPOKEN) {
            if (!offer.contains(f)) {
                offer.add(f);
            }
        }
        return offer;
    }

    /** A SIP dialog: state that is no single channel's, on an executor of its own. */
    static final class Dialog {
        private final TechExecutor executor;
        private Cancellable retransmit; // the dialog's state: touched only on its executor

        Dialog(TechContext context, String callId) {
            this.executor = context.newExecutor("dialog " + callId); // named so in stall reports and log lines
        }

        /** From the socket's thread: the message is handled on the dialog's executor, in arrival order. */
        void received(String message) {
            if (!executor.execute(() -> handle(message))) {
                // false: the tech is being unregistered or the core shut down, and its channels are gone
            }
        }

        /** Sends the 200 OK, and again every 500 ms on the core's clock until the ACK comes. */
        void sendOk(Runnable send) {
            send.run();
            retransmit = executor.schedule(Duration.ofMillis(500), () -> sendOk(send));
        }

        private void handle(String message) {
            if (message.startsWith("ACK") && retransmit != null) {
                retransmit.cancel();
            }
        }
    }

    /** One call's media side. */
    static final class RtpChannel implements TechChannel {
        private final ChannelSink sink;
        private final Dialog dialog;
        private final RtpAddress local;
        // Per-channel state: the channel's executor only.
        private boolean marker;      // set the RTP marker bit on the next packet
        private boolean rebase;      // map the next frame's timeline onto this stream's
        private long offset;
        private long nextTimestamp;

        RtpChannel(ChannelSink sink, Dialog dialog, RtpAddress local) {
            this.sink = sink;
            this.dialog = dialog;
            this.local = local;
        }

        /** The SDP answer chose {@code codec}: the channel now speaks it; the core translates what it is sent. */
        void negotiated(MediaFormat codec) {
            sink.mediaChanged(ChannelMedia.of(codec));
        }

        @Override
        public void answer() {
            // Inbound: the 200 OK goes out from the dialog; the channel goes UP once it has been sent.
            dialog.executor.execute(() -> {
                dialog.sendOk(this::sendOkPacket);
                sink.answered();
            });
        }

        @Override
        public void indicate(ControlFrame control) {
            if (control.control() == Control.SRC_UPDATE) {
                marker = true;  // what this channel is sent comes from a new source now
                rebase = true;
            }
        }

        @Override
        public void write(MediaFrame frame) {
            if (frame instanceof VoiceFrame v) {
                if (rebase) {    // the new source's timeline continues right after ours
                    offset = nextTimestamp - v.timestamp();
                    rebase = false;
                }
                long timestamp = v.timestamp() + offset;
                nextTimestamp = timestamp + v.samples();
                sendRtp(v, timestamp, marker);
                marker = false;
            }
        }

        @Override
        public DirectMedia directMedia() {
            return local; // asked when the channel is made the two-party peer of a channel of this tech
        }

        @Override
        public void bridged(BridgePeer peer) {
            if (peer.directMedia() instanceof RtpAddress far) {
                reinvite(far); // the phones send their media to each other, past the core
            }
        }

        @Override
        public void unbridged() {
            reinvite(local); // media goes through the core again
        }

        @Override
        public void hangup(HangupCause cause) {
        }

        @Override
        public void close() {
        }

        private void sendOkPacket() {
        }

        private void sendRtp(VoiceFrame v, long timestamp, boolean markerBit) {
        }

        private void reinvite(RtpAddress target) {
        }
    }

    /**
     * A codec the core does not have: 16-bit linear in network byte order (RTP's L16, RFC 3551), mono, 8 kHz.
     * Declared in module-info.java ({@code provides org.strowger.spi.Codec with ...}) or
     * META-INF/services/org.strowger.spi.Codec for ServiceLoader, or given to {@code Strowger.Builder.codec}.
     */
    public static final class L16Codec implements Codec {
        static final MediaFormat L16 = new MediaFormat("L16", MediaFormat.Kind.AUDIO, 8000, 1);

        @Override
        public MediaFormat format() {
            return L16;
        }

        @Override
        public int sampleRate() {
            return 8000; // 8000, 16000, 24000 or 48000 Hz: the rates the core resamples between
        }

        @Override
        public int cost() {
            return 0; // reordering bytes costs next to nothing (G.711 is 1)
        }

        @Override
        public Decoder newDecoder() {
            return new Decoder() { // one stream's state (none here); one thread at a time
                @Override
                public int decode(byte[] in, int offset, int length, short[] out, int outOffset) {
                    int n = length / 2;
                    for (int i = 0; i < n; i++) {
                        out[outOffset + i] = (short) ((in[offset + 2 * i] << 8) | (in[offset + 2 * i + 1] & 0xFF));
                    }
                    return n;
                }

                @Override
                public int maxSamples(int bytes) {
                    return bytes / 2;
                }

                @Override
                public void reset() {
                }
            };
        }

        @Override
        public Encoder newEncoder() {
            return new Encoder() {
                @Override
                public int encode(short[] in, int offset, int samples, byte[] out, int outOffset) {
                    for (int i = 0; i < samples; i++) {
                        out[outOffset + 2 * i] = (byte) (in[offset + i] >> 8);
                        out[outOffset + 2 * i + 1] = (byte) in[offset + i];
                    }
                    return 2 * samples;
                }

                @Override
                public int maxBytes(int samples) {
                    return 2 * samples;
                }

                @Override
                public void reset() {
                }
            };
        }
    }
}
