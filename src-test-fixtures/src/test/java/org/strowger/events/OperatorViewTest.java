package org.strowger.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.strowger.api.Bridge;
import org.strowger.api.BridgeId;
import org.strowger.api.BridgeOptions;
import org.strowger.api.BridgeSnapshot;
import org.strowger.api.Channel;
import org.strowger.api.ChannelCore;
import org.strowger.api.ChannelId;
import org.strowger.api.ChannelSnapshot;
import org.strowger.api.ChannelState;
import org.strowger.api.Direction;
import org.strowger.api.HangupCause;
import org.strowger.api.JoinOptions;
import org.strowger.api.OperatorView;
import org.strowger.api.OutboundRequest;
import org.strowger.api.OwnerKind;
import org.strowger.api.Party;
import org.strowger.api.media.ChannelMedia;
import org.strowger.testkit.FakeTech;
import org.strowger.testkit.NoLeakExtension;
import org.strowger.testkit.Simulation;
import org.strowger.testkit.TestCores;

/** The operator's tables: their content, and untrusted text that can neither break the columns nor forge a line. */
@ExtendWith(NoLeakExtension.class)
class OperatorViewTest {
    private static final long NOW = 1_767_225_600_000L;
    private static final String FORGED = "x\r\n[main] INFO forged line\u001b[2J\u2028é";

    @Test
    void channelTableShowsEachChannelOnOneAlignedLine() {
        ChannelSnapshot up = snapshot("pbx-1", "SIP/alice-00000001", ChannelState.UP, OwnerKind.BRIDGE, "pbx-b3",
                "pbx-1", NOW - 3_723_000, 0);
        ChannelSnapshot evil = snapshot("pbx-2", "SIP/" + FORGED + "-00000002", ChannelState.RING,
                OwnerKind.APPLICATION, FORGED + "a very long application name indeed, longer than any column", "pbx-1",
                NOW - 5_000, 0);
        ChannelSnapshot ended = snapshot("pbx-3", "Local/x-00000003", ChannelState.HUNG_UP, OwnerKind.NONE, "",
                "pbx-3", NOW - 60_000, NOW - 50_000);
        String table = OperatorView.channelTable(List.of(evil, ended, up), NOW);
        List<String> lines = table.lines().toList();
        assertEquals(5, lines.size(), table);
        assertEquals("ID     NAME                                      STATE    OWNER                                     "
                + "DURATION  LINKED ID", lines.get(0));
        assertEquals("pbx-1  SIP/alice-00000001                        UP       bridge pbx-b3                             "
                + "1:02:03   pbx-1", lines.get(1), "oldest first");
        assertEquals("pbx-3  Local/x-00000003                          HUNG_UP  -                                         "
                + "0:00:10   pbx-3", lines.get(2), "an ended channel's duration stops at its hang-up");
        assertEquals("pbx-2  SIP/x\\r\\n[main] INFO forged line\\x1b[2J~  RING     app x\\r\\n[main] INFO forged line"
                + "\\x1b[2J~  0:00:05   pbx-1", lines.get(3), "escaped and cut, the columns still line up");
        assertEquals("3 active channels, 2 active calls", lines.get(4));
        assertPrintableAscii(table);
        int state = lines.get(0).indexOf("STATE");
        for (String l : lines.subList(1, 4)) {
            assertTrue(l.substring(state).matches("^(UP|RING|HUNG_UP) .*"), l);
        }
    }

    @Test
    void bridgeTableShowsKindModeMembersAndAge() {
        BridgeSnapshot call = new BridgeSnapshot(BridgeId.of("pbx-b3"), BridgeOptions.Kind.CALL,
                BridgeOptions.Dissolve.WHEN_ONE_LEFT, BridgeSnapshot.Mode.TWO_PARTY,
                List.of(ChannelId.of("pbx-1"), ChannelId.of("pbx-2")), 0, false, false, false, NOW - 61_000, 4);
        BridgeSnapshot lot = new BridgeSnapshot(BridgeId.of("parking"), BridgeOptions.Kind.HOLDING,
                BridgeOptions.Dissolve.NEVER, BridgeSnapshot.Mode.HOLDING, List.of(), 0, false, false, false, NOW - 3_600_000,
                1);
        String table = OperatorView.bridgeTable(List.of(call, lot), NOW);
        assertEquals("""
                ID       KIND     MODE       MEMBERS  AGE      CHANNELS
                parking  HOLDING  HOLDING    0        1:00:00
                pbx-b3   CALL     TWO_PARTY  2        0:01:01  pbx-1,pbx-2
                2 bridges
                """, table);
    }

    @Test
    void theCoreRendersItsLiveChannelsAndBridgesOnItsOwnClock(TestCores cores) {
        Simulation sim = new Simulation(8);
        FakeTech fake = new FakeTech();
        ChannelCore core = cores.simulated(sim, b -> { }, fake);
        Channel a = core.request(OutboundRequest.of("Fake", "alice").withCaller(Party.of(FORGED, "100")));
        Channel b = core.request(OutboundRequest.of("Fake", "bob").withRequester(a));
        Bridge bridge = core.createBridge(BridgeOptions.call());
        sim.await(bridge.join(a, JoinOptions.HANG_UP_AFTER));
        sim.await(bridge.join(b, JoinOptions.HANG_UP_AFTER));
        sim.runFor(java.time.Duration.ofSeconds(75));
        String channels = core.channelTable();
        assertTrue(channels.contains(a.id() + "  " + a.name()), channels);
        assertTrue(channels.contains("DOWN   bridge " + bridge.id() + "  0:01:15   " + a.id()), channels);
        assertTrue(channels.endsWith("2 active channels, 1 active call\n"), channels);
        String bridges = core.bridgeTable();
        assertTrue(bridges.contains(bridge.id() + "  CALL  TWO_PARTY  2        0:01:15  " + a.id() + "," + b.id()),
                bridges);
        a.hangup(HangupCause.NORMAL_CLEARING);
        sim.runUntilQuiescent();
        assertEquals("ID  NAME  STATE  OWNER  DURATION  LINKED ID\n0 active channels, 0 active calls\n",
                core.channelTable());
    }

    private static void assertPrintableAscii(String text) {
        for (char c : text.toCharArray()) {
            assertTrue(c == '\n' || (c >= 0x20 && c < 0x7f), "character " + (int) c + " in\n" + text);
        }
    }

    private static ChannelSnapshot snapshot(String id, String name, ChannelState state, OwnerKind owner,
            String ownerName, String linked, long created, long ended) {
        return new ChannelSnapshot(ChannelId.of(id), name, "SIP", Direction.INBOUND, "100", ChannelId.of(linked),
                state, Party.UNKNOWN, Party.UNKNOWN, Map.of(), owner, ownerName,
                owner == OwnerKind.BRIDGE ? BridgeId.of(ownerName) : null, ended != 0 ? HangupCause.NORMAL_CLEARING
                : null, created, 0, ended, ChannelMedia.TRANSPARENT, null, 1);
    }
}
