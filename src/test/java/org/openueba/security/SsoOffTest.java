package org.openueba.security;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Single sign-on is off by default: no link, and /sso/login is denied like any unknown path. */
@QuarkusTest
class SsoOffTest {
    @BeforeEach
    void credentials() throws Exception {
        SecurityFixture.ensure();
    }

    @Test
    void offByDefault() {
        assertFalse(Arc.container().instance(SingleSignOn.class).get().enabled());
        given().get("/login").then().statusCode(200).body(not(containsString("/sso/login")))
                .body(not(containsString("single sign-on")));
        Response anonymous = given().redirects().follow(false).get("/sso/login");
        assertEquals(302, anonymous.statusCode());
        assertTrue(anonymous.header("Location").endsWith("/login"), anonymous.header("Location"));
        given().header("Authorization", SecurityFixture.basic(SecurityFixture.ADMIN)).get("/sso/login").then().statusCode(403);
    }
}
