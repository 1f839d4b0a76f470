package org.openueba.ingest;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;

/** Teaches REST Assured to send NDJSON and other text bodies as text. */
public final class RestAssuredText {
    private RestAssuredText() {
    }

    public static void configure() {
        EncoderConfig enc = RestAssured.config().getEncoderConfig();
        for (String type : new String[]{"application/x-ndjson", "text/csv", "application/problem+json"}) {
            enc = enc.encodeContentTypeAs(type, ContentType.TEXT);
        }
        RestAssured.config = RestAssured.config().encoderConfig(enc.defaultContentCharset("UTF-8"));
    }
}
