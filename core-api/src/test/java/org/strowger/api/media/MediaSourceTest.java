package org.strowger.api.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strowger.api.InvalidArgumentException;

class MediaSourceTest {
    @Test
    void aSequenceTakesAnImmutableListAndRefusesNullParts() {
        MediaSource a = MediaSource.silence(Duration.ofMillis(10));
        MediaSource b = MediaSource.digits("1");
        assertEquals(List.of(a, b), new MediaSource.Sequence(List.of(a, b)).parts());
        assertThrows(InvalidArgumentException.class, () -> new MediaSource.Sequence(Arrays.asList(a, null)));
        assertThrows(InvalidArgumentException.class, () -> MediaSource.sequence(a, null));
        assertThrows(InvalidArgumentException.class, () -> new MediaSource.Sequence(List.of()));
        assertThrows(InvalidArgumentException.class, () -> new MediaSource.Sequence(null));
    }
}
