package org.openueba.model;

import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hour and day windows of one entity's counts (engine.md §3.3), driven directly. */
class CountSeriesTest {
    static final int BASE = 20_470;
    /** A prior of σ = 1 everywhere (the floor; what constant counts give). */
    static final CountPrior UNIT_PRIOR = new CountPrior(new double[]{0}, new double[]{1}, 1, 1);

    private static int hour(int day, int h) {
        return day * 24 + h;
    }

    /** Ten days with one failure at 09:00 and one at 15:00; current day BASE + 10. */
    private static CountSeries tenDaysOfTwo() {
        CountSeries s = new CountSeries(CountMetric.FAILURES);
        for (int d = BASE; d < BASE + 10; d++) {
            if (d > BASE) s.advance(d, 90, 30);
            s.add(1, -1, d, hour(d, 9), d);
            s.add(1, -1, d, hour(d, 15), d);
        }
        s.advance(BASE + 10, 90, 30);
        return s;
    }

    @Test
    void hourAndDayWindowsAgainstCompletedDays() {
        CountSeries s = tenDaysOfTwo();
        int today = BASE + 10;
        s.refresh(today, UNIT_PRIOR, UNIT_PRIOR, 15);
        // hour window: daily maxima are all 1 → mean 1, sd 0; every hourly value is 1 → sd 0
        // day window: daily totals are all 2 → mean 2, sd 0
        // σ_post = sqrt((15·1² + 10·0²)/(15 + 10)) = sqrt(0.6) = 0.7745967
        double sigma = Math.sqrt(0.6);
        assertEquals(10, s.n);
        assertEquals(1.0, s.hMean, 1e-12);
        assertEquals(2.0, s.dMean, 1e-12);
        assertEquals(sigma, s.hSigma, 1e-12);
        assertEquals(sigma, s.dSigma, 1e-12);
        // the limits are where the two-sided tail reaches 0.0455: 10 − 1 days + 15 prior = 24 df, t = 2.1097
        double tc = new TDistribution(null, 24).inverseCumulativeProbability(1 - 0.0455 / 2);
        assertEquals(2.109698822116719, tc, 1e-9); // scipy.stats.t.ppf(1 − 0.0455/2, 24)
        assertEquals(1 + tc * sigma, s.hLimit(15), 1e-9);
        assertEquals(2 + tc * sigma, s.dLimit(15), 1e-9);

        // today: failures pile up in one hour; only completed days are the history
        for (int x = 1; x <= 8; x++) {
            s.add(1, -1, today, hour(today, 10), today);
            s.refresh(today, UNIT_PRIOR, UNIT_PRIOR, 15);
            assertEquals(10, s.n);
            assertEquals(2.0, s.dMean, 1e-12);
            assertEquals(x, s.hourValue(), 0.0);
            assertEquals(x, s.dayValue(today), 0.0);
            double hour = s.scoreHour(x, 15);
            double day = s.scoreDay(x, 15);
            if (x <= 3) { // counts ≤ 3 never score
                assertEquals(0.0, hour, 0.0, "x = " + x);
                assertEquals(0.0, day, 0.0, "x = " + x);
            } else {
                assertEquals(CountScorer.score(x, 1, sigma, 10, 15), hour, 1e-9, "x = " + x);
                assertEquals(CountScorer.score(x, 2, sigma, 10, 15), day, 1e-9, "x = " + x);
                assertTrue(day > 0 && (hour > day || hour == 100), "x = " + x); // both reach the cap of 100 from x = 7
            }
        }
        // x = 4: t = (4 − 2)/0.7746 = 2.582 → about 1.4 after the ⅓ low-count weight; x = 6 is full weight
        assertEquals(CountScorer.tailScore(4, 2, sigma, 10) / 3, CountScorer.score(4, 2, sigma, 10), 1e-12);
    }

    @Test
    void aLateEventOnlyChangesItsOwnDayTotal() {
        CountSeries s = tenDaysOfTwo();
        int today = BASE + 10;
        s.refresh(today, UNIT_PRIOR, UNIT_PRIOR, 15);
        s.add(3, -1, BASE + 5, hour(BASE + 5, 11), today);
        s.refresh(today, UNIT_PRIOR, UNIT_PRIOR, 15);
        // totals 2 ×9 and 5: mean 2.3, sd = sqrt((9·0.09 + 7.29)/9) = sqrt(0.9) = 0.948683
        assertEquals(2.3, s.dMean, 1e-6);
        assertEquals(Math.sqrt((15 + 10 * 0.9) / 25.0), s.dSigma, 1e-6);
        assertEquals(1.0, s.hMean, 1e-12); // hourly maxima untouched by late events
        assertEquals(0.0, s.hourValue(), 0.0);
    }

    @Test
    void aLateEventOnADayWithoutARowWhenTheRowsAreFull() {
        // rows start with room for 4 days: days 0, 2, 4 and 6 fill them; a late event on day 1 must
        // insert a fifth row (and grow the array) rather than write into the old one
        CountSeries s = new CountSeries(CountMetric.FAILURES);
        for (int d = BASE; d <= BASE + 6; d += 2) {
            if (d > BASE) s.advance(d, 90, 30);
            s.add(2, -1, d, hour(d, 9), d);
        }
        s.add(7, -1, BASE + 1, hour(BASE + 1, 9), BASE + 6);
        assertEquals(5, s.size);
        assertEquals(7.0, s.dayValue(BASE + 1), 0.0);
        assertEquals(2.0, s.dayValue(BASE + 2), 0.0);
        double[] mm = s.meanMax(2, BASE + 6); // completed days 0, 1, 2, 4: totals 2, 7, 2, 2
        assertEquals(13.0 / 4, mm[0], 1e-12);
        assertEquals(7.0, mm[1], 0.0);
        assertEquals(4.0, mm[2], 0.0);
    }

    @Test
    void bothColumnsInOnePassEqualTheColumnByColumnStatistics() {
        // the organisation's priors read both columns at once: the same values bit for bit
        CountSeries s = new CountSeries(CountMetric.EVENTS);
        int[][] hours = {{9, 9, 15}, {10}, {8, 8, 8, 8, 14}, {11, 16}};
        for (int i = 0; i < hours.length; i++) {
            int d = BASE + 2 * i;
            if (i > 0) s.advance(d, 90, 30);
            for (int h : hours[i]) s.add(1, -1, d, hour(d, h), d);
        }
        double[] out = new double[4];
        assertEquals(0, s.meanMax(BASE, out)); // no completed day yet
        assertEquals(3, s.meanMax(BASE + 6, out)); // days 0, 2, 4: hourly maxima 2, 1, 4; totals 3, 1, 5
        assertEquals(7.0 / 3, out[0], 1e-15);
        assertEquals(4.0, out[1], 0.0);
        assertEquals(3.0, out[2], 0.0);
        assertEquals(5.0, out[3], 0.0);
        for (int c = 1; c <= 2; c++) {
            double[] one = s.meanMax(c, BASE + 6);
            assertEquals(Double.doubleToLongBits(one[0]), Double.doubleToLongBits(out[2 * c - 2]));
            assertEquals(Double.doubleToLongBits(one[1]), Double.doubleToLongBits(out[2 * c - 1]));
        }
    }

    @Test
    void hourSigmaIsTheLargerOfTheSdOfMaximaAndOfAllHourlyValues() {
        // each day: 1 failure at 09:00, 5 at 15:00 → daily max 5 (sd 0), all hourly values 1,5,1,5,…
        // (20 values, mean 3, sample variance 20·4/19 = 80/19) → σ_user = sqrt(80/19) = 2.0519567.
        // A very long half-life keeps the moments unweighted.
        CountSeries s = new CountSeries(CountMetric.FAILURES);
        for (int d = BASE; d < BASE + 10; d++) {
            if (d > BASE) s.advance(d, 90, 1e9);
            s.add(1, -1, d, hour(d, 9), d);
            for (int i = 0; i < 5; i++) s.add(1, -1, d, hour(d, 15), d);
        }
        s.advance(BASE + 10, 90, 1e9);
        assertEquals(20f, s.mWeight, 0f);
        assertEquals(3.0, s.mMean, 1e-5);
        assertEquals(80.0, s.mM2, 1e-4);
        s.refresh(BASE + 10, UNIT_PRIOR, UNIT_PRIOR, 15);
        assertEquals(5.0, s.hMean, 1e-12);
        // σ_post = sqrt((15·1 + 10·80/19)/25) = 1.5113638
        assertEquals(Math.sqrt((15 + 10 * 80.0 / 19) / 25), s.hSigma, 1e-6);
        assertEquals(6.0, s.dMean, 1e-12);
        assertEquals(Math.sqrt(15 / 25.0), s.dSigma, 1e-12);
    }

    @Test
    void allHourMomentsDecayWithTheHalfLife() {
        CountSeries s = new CountSeries(CountMetric.FAILURES);
        s.add(1, -1, BASE, hour(BASE, 9), BASE);
        for (int i = 0; i < 5; i++) s.add(1, -1, BASE, hour(BASE, 15), BASE);
        s.advance(BASE + 1, 90, 30);
        // hours 1 and 5: weight 2, mean 3, M2 = 8 (the decay clock starts at this first roll-over)
        assertEquals(2f, s.mWeight, 0f);
        assertEquals(8f, s.mM2, 0f);
        s.advance(BASE + 31, 90, 30); // one half-life later: weight and M2 halve, the mean stays
        assertEquals(1f, s.mWeight, 1e-6f);
        assertEquals(4f, s.mM2, 1e-5f);
        assertEquals(3f, s.mMean, 0f);
    }

    @Test
    void distinctHostsCountEachHostOncePerHourAndPerDay() {
        CountSeries s = new CountSeries(CountMetric.DISTINCT_DST_HOSTS);
        int d = BASE;
        s.add(1, 1, d, hour(d, 9), d);
        s.add(1, 1, d, hour(d, 9), d);
        s.add(1, 2, d, hour(d, 9), d);
        s.add(0, -1, d, hour(d, 9), d); // no host
        assertEquals(2, s.hourValue(), 0.0);
        assertEquals(2, s.dayValue(d), 0.0);
        s.add(1, 1, d, hour(d, 10), d);   // host 1 again in a new hour: new for the hour, not for the day
        assertEquals(1, s.hourValue(), 0.0);
        assertEquals(2, s.dayValue(d), 0.0);
        s.add(1, 3, d, hour(d, 10), d);
        assertEquals(2, s.hourValue(), 0.0);
        assertEquals(3, s.dayValue(d), 0.0);
        s.advance(d + 1, 90, 30);
        s.add(1, 1, d + 1, hour(d + 1, 9), d + 1); // a new day forgets the sets
        assertEquals(1, s.dayValue(d + 1), 0.0);
        double[] mm = s.meanMax(1, d + 1);
        assertEquals(2.0, mm[0], 0.0); // day d's hourly maximum
        assertEquals(1.0, mm[2], 0.0);
    }

    @Test
    void fewerThanTwoCompletedDaysNeverScore() {
        CountSeries s = new CountSeries(CountMetric.FAILURES);
        s.add(1, -1, BASE, hour(BASE, 9), BASE);
        s.advance(BASE + 1, 90, 30);
        for (int i = 0; i < 50; i++) s.add(1, -1, BASE + 1, hour(BASE + 1, 9), BASE + 1);
        s.refresh(BASE + 1, UNIT_PRIOR, UNIT_PRIOR, 15);
        assertEquals(1, s.n);
        assertEquals(0.0, s.scoreDay(50, 15), 0.0);
        assertEquals(0.0, s.scoreHour(50, 15), 0.0);
    }

    @Test
    void theStatisticsOfADayDoNotDependOnWhenTheyAreComputed() {
        // a live engine computes them at the entity's first event of the day; an engine restored from a
        // snapshot mid-day computes them at its first event after the restore, when more hours have closed
        CountSeries early = tenDaysOfTwo(), late = tenDaysOfTwo();
        int today = BASE + 10;
        early.refresh(today, UNIT_PRIOR, UNIT_PRIOR, 15);
        for (int h = 8; h < 14; h++) { // six hours of today close, with very different counts
            for (CountSeries s : new CountSeries[]{early, late}) {
                for (int i = 0; i < 3 * (h - 7); i++) s.add(1, -1, today, hour(today, h), today);
            }
        }
        late.refresh(today, UNIT_PRIOR, UNIT_PRIOR, 15);
        assertEquals(early.hSigma, late.hSigma, 0.0);
        assertEquals(early.hLimit(15), late.hLimit(15), 0.0);
        assertEquals(Math.sqrt(0.6), late.hSigma, 1e-6); // still the completed days' σ (see above)
        late.advance(today + 1, 90, 30); // the next day: today's hours are history now
        late.refresh(today + 1, UNIT_PRIOR, UNIT_PRIOR, 15);
        assertTrue(late.hSigma > Math.sqrt(0.6) + 0.1, "σ " + late.hSigma);
    }

    @Test
    void rowsLeaveWithTheWindow() {
        CountSeries s = tenDaysOfTwo();
        s.advance(BASE + 95, 90, 30); // days ≤ BASE + 5 leave
        double[] mm = s.meanMax(2, BASE + 95);
        assertEquals(4.0, mm[2], 0.0); // days 6..9
        s.advance(BASE + 200, 90, 30);
        assertEquals(null, s.meanMax(2, BASE + 200));
    }

    @Test
    void wholeCountsAreKeptInSixteenBitsAndOthersSwitchTheRowsToFloatsWithTheSameValues() {
        CountSeries s = new CountSeries(CountMetric.BYTES);
        s.add(65_000, -1, BASE, hour(BASE, 9), BASE);
        s.advance(BASE + 1, 90, 30);
        s.add(535, -1, BASE + 1, hour(BASE + 1, 9), BASE + 1); // 535: the day total of BASE + 1
        assertTrue(s.small != null && s.wide == null, "small rows while every count fits");
        assertEquals(16 + 2 * 12, s.bytes() - (16 + 4 * 24 + 8 * 4)); // two rows of 6 bytes in an array of 12 chars
        s.add(65_001, -1, BASE + 1, hour(BASE + 1, 10), BASE + 1); // total 65,536: one past 16 bits
        assertTrue(s.small == null && s.wide != null, "floats once a count does not fit");
        assertEquals(65_536.0, s.dayValue(BASE + 1), 0.0);
        assertEquals(65_001.0, s.cell(1, 1), 0.0); // the day's largest hour
        assertEquals(65_000.0, s.dayValue(BASE), 0.0); // earlier rows carried over
        assertEquals(BASE, s.day(0));
        s.add(0.5, -1, BASE + 1, hour(BASE + 1, 11), BASE + 1); // not a whole number: fine in floats
        assertEquals(65_536.5, s.dayValue(BASE + 1), 0.0);

        // a fraction in the small form switches too
        CountSeries f = new CountSeries(CountMetric.BYTES);
        f.add(3, -1, BASE, hour(BASE, 9), BASE);
        f.add(0.25, -1, BASE, hour(BASE, 9), BASE);
        assertTrue(f.wide != null);
        assertEquals(3.25, f.dayValue(BASE), 0.0);
        assertEquals(3.25, f.cell(0, 1), 0.0);
    }

    @Test
    void aLateEventBeforeTheFirstRowMovesTheBaseAndAVeryOldOneSwitchesToFloats() {
        CountSeries s = tenDaysOfTwo();
        int today = BASE + 10;
        s.add(4, -1, BASE - 3, hour(BASE - 3, 9), today); // before every stored day: the base moves back
        assertTrue(s.wide == null);
        assertEquals(BASE - 3, s.base);
        assertEquals(BASE - 3, s.day(0));
        assertEquals(BASE, s.day(1));
        assertEquals(BASE + 9, s.day(10));
        assertEquals(4.0, s.dayValue(BASE - 3), 0.0);
        assertEquals(2.0, s.dayValue(BASE + 9), 0.0);
        s.add(1, -1, BASE - 70_000, hour(BASE - 70_000, 9), today); // 70,000 days back: offsets no longer fit
        assertTrue(s.wide != null);
        assertEquals(BASE - 70_000, s.day(0));
        assertEquals(BASE + 9, s.day(11));
        assertEquals(1.0, s.dayValue(BASE - 70_000), 0.0);
        assertEquals(4.0, s.dayValue(BASE - 3), 0.0);
    }

    @Test
    void rowsRoundTripThroughTheStoredFloatsInEitherForm() {
        CountSeries small = tenDaysOfTwo();
        CountSeries copy = new CountSeries(CountMetric.FAILURES);
        copy.loadRows(small.rowsAsFloats(), small.size);
        assertTrue(copy.wide == null);
        assertEquals(small.size, copy.size);
        org.junit.jupiter.api.Assertions.assertArrayEquals(small.rowsAsFloats(), copy.rowsAsFloats());

        CountSeries wide = new CountSeries(CountMetric.BYTES);
        for (int d = BASE; d < BASE + 5; d++) {
            if (d > BASE) wide.advance(d, 90, 30);
            wide.add(100_000.5 * (d - BASE + 1), -1, d, hour(d, 9), d);
        }
        assertTrue(wide.wide != null);
        CountSeries back = new CountSeries(CountMetric.BYTES);
        back.loadRows(wide.rowsAsFloats(), wide.size);
        assertTrue(back.wide != null);
        org.junit.jupiter.api.Assertions.assertArrayEquals(wide.rowsAsFloats(), back.rowsAsFloats());
        assertEquals(500_002.5, back.dayValue(BASE + 4), 0.0);
    }

    @Test
    void theSpanWindowComparesTheLastNDaysWithEarlierNDayCountsThatShareNoDayWithIt() {
        // eight consecutive active days with device connections 1, 2, 1, 2, 1, 2, 1, 2; today is day 8
        CountSeries s = new CountSeries(CountMetric.DEVICE_CONNECTIONS);
        for (int d = 0; d < 8; d++) {
            if (d > 0) s.advance(BASE + d, 90, 30);
            s.add(d % 2 == 0 ? 1 : 2, -1, BASE + d, hour(BASE + d, 9), BASE + d);
        }
        int today = BASE + 8;
        s.advance(today, 90, 30);
        s.refresh(today, UNIT_PRIOR, UNIT_PRIOR, UNIT_PRIOR, 2, 15);
        // history: the 2-day counts ending on days 0..6 (day 7's shares day 7 with today's window):
        //   S = 1 (day 0 alone), 3, 3, 3, 3, 3, 3 → k = 7, mean = 19/7, sd² = (144/49 + 6·4/49)/6 = 4/7
        //   n_eff = ⌊7/2⌋ = 3, σ_post² = (15·1² + 3·4/7)/(15 + 3) = 117/126
        assertEquals(19.0 / 7, s.span[0], 1e-12);
        assertEquals(Math.sqrt(117.0 / 126), s.span[1], 1e-12);
        assertEquals(3.0, s.span[2], 0.0);
        double[] mm = s.spanMeanMax(today, 2);
        assertEquals(19.0 / 7, mm[0], 1e-12);
        assertEquals(3.0, mm[1], 0.0);
        assertEquals(7.0, mm[2], 0.0);
        // today's window: day 7's 2 plus today's connections
        // n_eff − 1 + g = 2 + 15 = 17 degrees of freedom: t = 2.1583 (scipy.stats.t.ppf(1 − 0.0455/2, 17))
        double tc = new TDistribution(null, 17).inverseCumulativeProbability(1 - 0.0455 / 2);
        double limit = 19.0 / 7 + tc * Math.sqrt(117.0 / 126); // ≈ 4.794
        assertEquals(4.794040366413352, limit, 1e-9);
        for (int c = 1; c <= 12; c++) {
            s.add(1, -1, today, hour(today, 8 + c / 2), today);
            double x = s.spanValue(today, 2);
            assertEquals(2 + c, x, 0.0);
            double expected = x > limit ? CountScorer.score(x, 19.0 / 7, Math.sqrt(117.0 / 126), 3, 15) : 0;
            assertEquals(expected, s.scoreSpan(x, 15), 1e-12, "x = " + x);
        }
        // hand-computed with scipy (x = 6: 25.7753 at full weight; x = 5: 4.1874 × ⅔ = 2.7916); with the
        // baseline's 2 degrees of freedom 14 against 2.7 would score only 18.17, with 17 it scores 100
        assertEquals(25.775319118077057, s.scoreSpan(6, 15), 1e-6);
        assertEquals(2.791594554370409, s.scoreSpan(5, 15), 1e-6);
        assertEquals(18.171761016930578, CountScorer.score(14, 19.0 / 7, Math.sqrt(117.0 / 126), 3), 1e-6);
        assertEquals(100.0, s.scoreSpan(14, 15), 0.0);
        assertEquals(0.0, s.scoreSpan(4, 15), 0.0); // inside the limit
    }

    @Test
    void theSpanWindowNeedsTwoEffectiveDaysOfHistory() {
        CountSeries s = new CountSeries(CountMetric.DEVICE_CONNECTIONS);
        for (int d = 0; d < 4; d++) { // 4 active days: with N = 2, days 0..2 are history → n_eff = 1
            if (d > 0) s.advance(BASE + d, 90, 30);
            s.add(1, -1, BASE + d, hour(BASE + d, 9), BASE + d);
        }
        s.refresh(BASE + 3, UNIT_PRIOR, UNIT_PRIOR, UNIT_PRIOR, 2, 15);
        assertEquals(1.0, s.span[2], 0.0);
        assertEquals(0.0, s.scoreSpan(50, 15), 0.0);
        s.advance(BASE + 4, 90, 30); // days 0..2 still the history (3 days): n_eff 1
        s.refresh(BASE + 4, UNIT_PRIOR, UNIT_PRIOR, UNIT_PRIOR, 2, 15);
        assertEquals(1.0, s.span[2], 0.0);
        s.add(1, -1, BASE + 4, hour(BASE + 4, 9), BASE + 4);
        s.advance(BASE + 5, 90, 30); // history days 0..3: n_eff 2
        s.refresh(BASE + 5, UNIT_PRIOR, UNIT_PRIOR, UNIT_PRIOR, 2, 15);
        assertEquals(2.0, s.span[2], 0.0);
        assertTrue(s.scoreSpan(50, 15) > 0);
    }

    @Test
    void thePriorsInputsComeFromTheCacheOfTheDayAndFromTheRowsWhenALateEventChangedThem() {
        // days with 1..10 failures in one hour: hourly maxima = totals = 1..10 → mean 5.5, max 10
        CountSeries s = new CountSeries(CountMetric.FAILURES);
        for (int d = 0; d < 10; d++) {
            if (d > 0) s.advance(BASE + d, 90, 30);
            s.add(d + 1, -1, BASE + d, hour(BASE + d, 9), BASE + d);
        }
        int today = BASE + 10;
        s.advance(today, 90, 30);
        double[] fromRows = new double[4], cached = new double[4];
        assertEquals(10, s.priorInput(today, fromRows)); // nothing cached yet: the rows
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[]{5.5, 10, 5.5, 10}, fromRows, 0.0);
        s.refresh(today, UNIT_PRIOR, UNIT_PRIOR, UNIT_PRIOR, 2, 15);
        assertEquals(10, s.priorInput(today, cached));
        org.junit.jupiter.api.Assertions.assertArrayEquals(fromRows, cached, 0.0);
        // the span (N = 2): S = 1, 3, 5, …, 17 on days 0..8 (day 9's shares it with today) → mean 81/9 = 9, max 17
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[]{9, 17, 9}, s.spanPriorInput(today, 2), 0.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(s.spanMeanMax(today, 2), s.spanPriorInput(today, 2), 0.0);
        // the cache is of today: another day reads the rows (day 8's view: days 0..7, mean 4.5, max 8)
        assertEquals(8, s.priorInput(BASE + 8, cached));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[]{4.5, 8, 4.5, 8}, cached, 0.0);
        // a late event adds 20 failures to day 3 (total 24): the cache no longer holds, the rows are read
        s.add(20, -1, BASE + 3, hour(BASE + 3, 9), today);
        assertEquals(10, s.priorInput(today, cached));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[]{5.5, 10, 7.5, 24}, cached, 0.0);
        // fewer than two effective days of span history: no span input
        assertEquals(null, s.spanPriorInput(BASE + 3, 2));
    }
}
