package io.fluxtap.alerting.notify.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The cases of Alertmanager's notify/util_test.go TestTruncate, in runes and bytes. */
class TruncationTest {

    @Test
    void inRunes() {
        assertEquals(new Truncation.Truncated("abcde", false), Truncation.inRunes("abcde", 5));
        assertEquals(new Truncation.Truncated("abcd…", true), Truncation.inRunes("abcdef", 5));
        assertEquals(new Truncation.Truncated("abc", true), Truncation.inRunes("abcdef", 3));
        assertEquals(new Truncation.Truncated("äöü", false), Truncation.inRunes("äöü", 5));
        assertEquals(new Truncation.Truncated("äö", true), Truncation.inRunes("äöü", 2));
        assertEquals(new Truncation.Truncated("äöüä…", true), Truncation.inRunes("äöüäöü", 5));
        assertEquals(new Truncation.Truncated("😀😀😀…", true), Truncation.inRunes("😀😀😀😀😀", 4));
    }

    @Test
    void inBytes() {
        assertEquals(new Truncation.Truncated("abcde", false), Truncation.inBytes("abcde", 5));
        assertEquals(new Truncation.Truncated("ab…", true), Truncation.inBytes("abcdef", 5));
        assertEquals(new Truncation.Truncated("…", true), Truncation.inBytes("abcdef", 3));
        assertEquals(new Truncation.Truncated("..", true), Truncation.inBytes("abcdef", 2));
        assertEquals(new Truncation.Truncated("ä…", true), Truncation.inBytes("äöü", 5));
        assertEquals(new Truncation.Truncated("…", true), Truncation.inBytes("äöü", 4));
    }
}
