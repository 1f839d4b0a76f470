package org.openueba.replay;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SeenIds} answers exactly as a {@code HashMap<String, Integer>.putIfAbsent} would. */
class SeenIdsTest {
    private static void check(SeenIds set, Map<String, Integer> map, String id, int input) {
        Integer expected = map.putIfAbsent(id, input);
        assertEquals(expected == null ? -1 : expected, set.putIfAbsent(id, input), id);
    }

    @Test
    void equalHashesDifferentIdsAndWideCharactersAreToldApart() {
        SeenIds set = new SeenIds();
        Map<String, Integer> map = new HashMap<>();
        // "Aa" and "BB" have the same String.hashCode, as have "AaAa", "BBBB", "AaBB" and "BBAa"
        for (String id : List.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa", "", "é", "\u00e9", "\u0100", "\ud83d\ude00", "x\u00ff",
                "x\u0178", "Aa", "BB", "AaBB")) {
            check(set, map, id, id.length() % 7);
        }
        assertEquals(map.size(), set.size());
    }

    @Test
    void randomIdsOverManyChunksAndTableGrowth() {
        Random r = new Random(42);
        SeenIds set = new SeenIds();
        Map<String, Integer> map = new HashMap<>();
        List<String> added = new ArrayList<>();
        for (int k = 0; k < 200_000; k++) {
            String id;
            int p = r.nextInt(100);
            if (p < 20 && !added.isEmpty()) {
                id = added.get(r.nextInt(added.size())); // again
            } else if (p < 25 && !added.isEmpty()) { // a near miss: one character changed
                char[] c = added.get(r.nextInt(added.size())).toCharArray();
                if (c.length == 0) continue;
                c[r.nextInt(c.length)] ^= 1;
                id = new String(c);
            } else {
                StringBuilder b = new StringBuilder("src:");
                int length = r.nextInt(100) == 0 ? 150 + r.nextInt(51) : r.nextInt(40);
                for (int i = 0; i < length; i++) {
                    int kind = r.nextInt(50);
                    b.append(kind == 0 ? (char) (0x100 + r.nextInt(0xd700)) : kind == 1 ? (char) (0x80 + r.nextInt(0x80))
                            : (char) ('!' + r.nextInt(94)));
                }
                id = b.toString();
                added.add(id);
            }
            check(set, map, id, r.nextInt(SeenIds.MAX_INPUTS));
        }
        assertEquals(map.size(), set.size());
        assertTrue(set.bytes() > 4L << 20, "several chunks: " + set.bytes());
        for (Map.Entry<String, Integer> e : map.entrySet()) assertEquals(e.getValue(), set.putIfAbsent(e.getKey(), 0), e.getKey());
    }

    @Test
    void recordsThatFillAChunkExactly() {
        // a 5-character id takes 3 + 5 = 8 bytes: from position 8, the 131,071st ends exactly at the first chunk's end
        SeenIds set = new SeenIds();
        Map<String, Integer> map = new HashMap<>();
        for (int k = 0; k < 140_000; k++) check(set, map, String.format("%5s", Integer.toString(k, 36)).replace(' ', '0'), k & 0xff);
        assertEquals(2L << 20, set.bytes() - 8L * 262_144, "two chunks (and a table of 262,144 slots)");
        for (Map.Entry<String, Integer> e : map.entrySet()) assertEquals(e.getValue(), set.putIfAbsent(e.getKey(), 0), e.getKey());
        assertEquals(140_000, set.size());
    }

    @Test
    void inputsOutOfRangeAreRefused() {
        SeenIds set = new SeenIds();
        assertThrows(IllegalArgumentException.class, () -> set.putIfAbsent("a", SeenIds.MAX_INPUTS));
        assertThrows(IllegalArgumentException.class, () -> set.putIfAbsent("a", -1));
        assertEquals(-1, set.putIfAbsent("a", 255));
        assertEquals(255, set.putIfAbsent("a", 0));
    }
}
