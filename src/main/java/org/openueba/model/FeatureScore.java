package org.openueba.model;

/**
 * One feature's score for one event, with the reason an analyst reads.
 *
 * @param feature the feature, e.g. {@code vpn.country}, {@code time_of_day}, {@code cert-logon.failures.hour}
 * @param value   the event's value of it (a host, a country, "03:10", a count)
 * @param score   0..100
 * @param reason  plain-language explanation
 */
public record FeatureScore(String feature, String value, double score, String reason) {
}
