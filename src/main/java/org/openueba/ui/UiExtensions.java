package org.openueba.ui;

import io.quarkus.qute.TemplateExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Template helpers for the pages. */
@TemplateExtension
final class UiExtensions {
    private UiExtensions() {
    }

    /** Percent-encodes a value for use as one URL path segment or query value ({@code {id.urlEncode}}). */
    static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
