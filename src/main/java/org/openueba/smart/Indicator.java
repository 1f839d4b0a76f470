package org.openueba.smart;

import java.util.List;

/**
 * One reason a window alerted: a feature of the window, its anomalous value and score, and how much
 * of the SMART value it carries.
 *
 * @param feature      the feature, e.g. {@code vpn.country}, {@code cert-logon.failures.hour}
 * @param value        the anomalous value (for a distinct-sum feature, its distinct values joined by ", ")
 * @param score        the feature's window score: the max event score, or for a distinct-sum feature
 *                     the sum of each distinct value's max score (may exceed 100)
 * @param contribution weight · f(score/100), this feature's part of the SMART value (0 when a
 *                     correlated feature of its group counts instead)
 * @param share        contribution / SMART value, 0..1
 * @param reason       the first layer's plain-language reason for the highest-scoring event
 * @param evidence     ids of the window's events that scored on this feature (at most the configured number)
 */
public record Indicator(String feature, String value, double score, double contribution, double share,
                        String reason, List<String> evidence) {
    public Indicator {
        evidence = List.copyOf(evidence);
    }
}
