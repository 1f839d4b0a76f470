package org.openueba.security;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openueba.pipeline.ModelService;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Admins tune the organisation's sensitivity at run time; the change is applied and audited. */
@QuarkusTest
class SettingsTest {
    @Test
    void theAlertThresholdChangesAtOnceAndIsAudited() throws Exception {
        SecurityFixture.ensure();
        ModelService models = Arc.container().instance(ModelService.class).get();
        double configured = models.smartConfig().threshold();
        var admin = given().header("Authorization", SecurityFixture.basic(SecurityFixture.ADMIN));
        try {
            given().header("Authorization", SecurityFixture.basic(SecurityFixture.ADMIN)).get("/api/v1/admin/settings")
                    .then().statusCode(200).body("threshold", equalTo((float) configured));
            given().header("Authorization", SecurityFixture.basic(SecurityFixture.ADMIN)).contentType("application/json")
                    .body("{\"threshold\":92.5}").put("/api/v1/admin/settings").then().statusCode(200)
                    .body("threshold", equalTo(92.5f)).body("configuredThreshold", equalTo((float) configured))
                    .body("updatedBy", equalTo(SecurityFixture.ADMIN));
            assertEquals(92.5, models.smartConfig().threshold(), 0);
            given().header("Authorization", SecurityFixture.basic(SecurityFixture.ADMIN)).contentType("application/json")
                    .body("{\"threshold\":10}").put("/api/v1/admin/settings").then().statusCode(400);
            assertEquals(92.5, models.smartConfig().threshold(), 0, "a refused value changes nothing");
            List<AuditLog.Entry> changes = LoginFlowTest.audit(SecurityFixture.ADMIN, "settings-change");
            assertTrue(changes.stream().anyMatch(e -> e.before().equals("threshold=" + configured)
                    && e.after().equals("threshold=92.5")), changes.toString());
        } finally {
            admin.contentType("application/json").body("{\"threshold\":" + configured + "}").put("/api/v1/admin/settings")
                    .then().statusCode(200);
        }
        assertEquals(configured, models.smartConfig().threshold(), 0);
    }
}
