package org.strowger.load;

/**
 * What the far end of a load channel does, read from the channel's resource so that a dial string alone scripts the
 * network: {@code label[-a<ms>][-k<digits>@<ms>][-h<ms>]}, e.g. {@code agent-a150-k*2@800-h4000}.
 *
 * <ul>
 *   <li>{@code a<ms>}: an outbound call rings, then is answered {@code ms} after the tech's {@code call()}; without
 *       it the far end rings until it is hung up (a ring-group leg that loses).
 *   <li>{@code k<digits>@<ms>}: the far end keys {@code digits} (DTMF) {@code ms} after the call is up.
 *   <li>{@code h<ms>}: the far end hangs up {@code ms} after the call is up.
 * </ul>
 *
 * @param answerAfterMs -1 for never
 * @param digits "" for none
 * @param keyAfterMs when to key {@code digits}
 * @param hangupAfterMs -1 for never
 */
record FarEndScript(long answerAfterMs, String digits, long keyAfterMs, long hangupAfterMs) {
    static final FarEndScript PASSIVE = new FarEndScript(-1, "", 0, -1);

    /** Parses a resource; unknown tokens are ignored, so any resource is a valid (passive) script. */
    static FarEndScript parse(String resource) {
        long answer = -1;
        String digits = "";
        long keyAt = 0;
        long hangup = -1;
        String[] tokens = resource.split("-");
        for (int i = 1; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.length() < 2) {
                continue;
            }
            try {
                switch (t.charAt(0)) {
                    case 'a' -> answer = Long.parseLong(t.substring(1));
                    case 'h' -> hangup = Long.parseLong(t.substring(1));
                    case 'k' -> {
                        int at = t.indexOf('@');
                        if (at > 1) {
                            digits = t.substring(1, at);
                            keyAt = Long.parseLong(t.substring(at + 1));
                        }
                    }
                    default -> {
                    }
                }
            } catch (NumberFormatException e) {
                // not a script token
            }
        }
        return new FarEndScript(answer, digits, keyAt, hangup);
    }
}
