package org.openueba.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The open-addressing dictionary: dense ids in first-seen order, the same id by string, parts or characters. */
class ValueDictionaryTest {
    @Test
    void denseIdsWhateverTheLookUp() {
        ValueDictionary d = new ValueDictionary();
        SplittableRandom rnd = new SplittableRandom(7);
        String[] cities = {"Berlin", "São Paulo", "Zürich", "東京", "", "New York"};
        String[] countries = {"DE", "BR", "CH", "JP", "", "US"};
        for (int i = 0; i < 20_000; i++) { // many rehashes; values repeat
            String a = cities[rnd.nextInt(cities.length)] + rnd.nextInt(3000), b = countries[rnd.nextInt(countries.length)];
            String whole = a + ", " + b;
            int expected = d.find(whole) >= 0 ? d.find(whole) : d.size();
            int id = switch (i % 3) {
                case 0 -> d.intern(whole);
                case 1 -> d.intern(a, ", ", b);
                default -> d.intern(new StringBuilder(a).append(", ").append(b));
            };
            assertEquals(expected, id, whole);
            assertEquals(whole, d.value(id));
            assertEquals(id, d.intern(new String(whole.toCharArray())));
            assertEquals(id, d.intern(a, ", ", b));
        }
        assertEquals(-1, d.find("nowhere"));
    }

    @Test
    void powersOf31AsTheHashRecurrenceWrapsThem() {
        int p = 1;
        for (int n = 0; n <= 1_000; n++) { // the table and, past it, square and multiply
            assertEquals(p, ValueDictionary.pow31(n), "31^" + n);
            p *= 31;
        }
    }

    @Test
    void partsLongerThanTheTableFindTheirWholeValue() {
        ValueDictionary d = new ValueDictionary();
        String a = "x".repeat(300) + "é", b = "Organisation " + "y".repeat(200);
        int id = d.intern(a + " / " + b);
        assertEquals(id, d.intern(a, " / ", b));
        assertEquals(d.intern(a, " / ", b + "z"), d.intern(a + " / " + b + "z"));
        assertEquals(2, d.size());
    }
}
