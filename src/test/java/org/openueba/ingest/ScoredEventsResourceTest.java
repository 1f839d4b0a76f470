package org.openueba.ingest;

import io.quarkus.test.security.TestSecurity;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.store.EventStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/** The event API shows model scores and the feature JSON when an event has them, and omits them otherwise. */
@QuarkusTest
@TestSecurity(user = "test-admin", roles = {"admin", "analyst", "ingest"})
class ScoredEventsResourceTest {
    static {
        RestAssuredText.configure();
    }

    /** Far above any sequence number the journal hands out in the test suite. */
    private static final long BASE = 2_000_000_000_000L;
    private static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");

    @Inject
    EventStore store;
    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void removeTestRows() throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("DELETE FROM events WHERE seq >= ?")) {
            p.setLong(1, BASE);
            p.executeUpdate();
        }
    }

    private static Event event(String id, int minute) {
        return Event.builder().id(id).source("json").entity("scored-rest-user").kind(EventKind.AUTHENTICATION)
                .action("logon").time(T0.plusSeconds(60L * minute)).build();
    }

    @Test
    void eventsShowScoreAndFeaturesWhenScored() throws Exception {
        String features = "[{\"feature\":\"hour\",\"value\":\"03\",\"score\":0.97},"
                + "{\"feature\":\"country\",\"value\":\"NZ\",\"score\":0.25}]";
        try (EventStore.Writer w = store.openWriter(10)) {
            w.add(event("json:scored-1", 1), BASE + 1, T0, 63, features);
            w.add(event("json:scored-2", 2), BASE + 2, T0);
            w.add(event("json:scored-3", 3), BASE + 3, T0, 0, "[]");
            w.commit(0);
        }

        given().get("/api/v1/events/json:scored-1").then().statusCode(200)
                .body("id", equalTo("json:scored-1"))
                .body("score", equalTo(63))
                .body("features", hasSize(2))
                .body("features[0].feature", equalTo("hour"))
                .body("features[0].value", equalTo("03"))
                .body("features[0].score", equalTo(0.97f))
                .body("features[1].feature", equalTo("country"));
        given().get("/api/v1/events/json:scored-2").then().statusCode(200)
                .body("id", equalTo("json:scored-2"))
                .body("$", not(hasKey("score")))
                .body("$", not(hasKey("features")));
        // a zero score is a score, and an empty feature list is shown as it was stored
        given().get("/api/v1/events/json:scored-3").then().statusCode(200)
                .body("score", equalTo(0))
                .body("features", hasSize(0));

        given().get("/api/v1/events?entity=scored-rest-user").then().statusCode(200)
                .body("items", hasSize(3))
                .body("items[0].score", equalTo(63))
                .body("items[0].features[1].score", equalTo(0.25f))
                .body("items[1]", not(hasKey("score")))
                .body("items[1]", not(hasKey("features")))
                .body("items[2].score", equalTo(0));
    }
}
