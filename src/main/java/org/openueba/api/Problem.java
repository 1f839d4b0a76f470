package org.openueba.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 9457 problem details.
 *
 * @param type     a URI reference naming the problem type
 * @param instance the request path
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {
    public static final String MEDIA_TYPE = "application/problem+json";
}
