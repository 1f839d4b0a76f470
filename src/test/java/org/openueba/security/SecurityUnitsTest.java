package org.openueba.security;

import io.vertx.core.net.HostAndPort;
import org.junit.jupiter.api.Test;
import org.openueba.api.SpreadsheetCsv;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The security building blocks without the application. */
class SecurityUnitsTest {
    @Test
    void changesButNotIngestionAreForcedToDiskBeforeTheirAnswer() {
        assertTrue(org.openueba.api.DurableChangesAccess.acknowledgesChange("PUT", "/api/v1/admin/settings", 200));
        assertTrue(org.openueba.api.DurableChangesAccess.acknowledgesChange("POST", "/api/v1/alerts/a1/triage", 200));
        assertTrue(org.openueba.api.DurableChangesAccess.acknowledgesChange("POST", "ui/alerts/a1/triage", 303));
        assertTrue(org.openueba.api.DurableChangesAccess.acknowledgesChange("DELETE", "/api/v1/admin/tokens/t1", 200));
        assertFalse(org.openueba.api.DurableChangesAccess.acknowledgesChange("GET", "/api/v1/alerts", 200));
        assertFalse(org.openueba.api.DurableChangesAccess.acknowledgesChange("POST", "/api/v1/events", 200)); // the journal
        assertFalse(org.openueba.api.DurableChangesAccess.acknowledgesChange("PUT", "/api/v1/admin/settings", 400));
    }

    @Test
    void withoutAConfiguredSessionKeyTheProcessHasItsOwnRandomOneBelowEveryOtherSource() {
        SessionKeySource source = new SessionKeySource();
        String key = source.getValue("quarkus.http.auth.session.encryption-key");
        assertEquals(43, key.length()); // 256 random bits, base64url
        assertEquals(key, source.getValue("quarkus.http.auth.session.encryption-key")); // one per process
        assertNotEquals(key, SessionKeySource.newKey());
        assertNull(source.getValue("quarkus.http.auth.form.cookie-name"));
        assertTrue(source.getOrdinal() < 100); // application.properties (250 in Quarkus, 100 by the spec) and env win
    }

    @Test
    void throttleClosesAKeyAfterMaxFailuresUntilTheOldestLeavesTheWindow() {
        LoginThrottle t = new LoginThrottle(3, 60, 100);
        assertTrue(t.allowed("u", 0));
        assertFalse(t.failed("u", 0));
        assertFalse(t.failed("u", 10));
        assertTrue(t.failed("u", 20), "the third failure closes the key");
        assertFalse(t.allowed("u", 30));
        assertFalse(t.allowed("u", 59));
        assertTrue(t.allowed("u", 60), "the failure at 0 left the window (60 s)");
        assertTrue(t.allowed("other", 30), "keys are independent");
        t.succeeded("u");
        assertTrue(t.allowed("u", 61));
        assertThrows(IllegalArgumentException.class, () -> new LoginThrottle(0, 60, 1));
    }

    @Test
    void throttleForgetsTheLeastRecentKeysBeyondItsBound() {
        LoginThrottle t = new LoginThrottle(1, 600, 2);
        t.failed("a", 0);
        t.failed("b", 1);
        t.failed("c", 2);
        assertTrue(t.allowed("a", 3), "a was forgotten");
        assertFalse(t.allowed("c", 3));
    }

    @Test
    void passwordsAreBcryptHashesWithAPolicy() {
        Passwords p = new Passwords(4);
        String h = p.hash("correct horse battery");
        assertTrue(h.startsWith("$2a$04$"), h);
        assertNotEquals(h, p.hash("correct horse battery"), "salted");
        assertTrue(p.verify("correct horse battery", h));
        assertFalse(p.verify("correct horse batterz", h));
        assertFalse(p.verify("anything", null), "unknown user");
        assertFalse(p.verify("anything", "not-a-hash"));
        assertNull(Passwords.problem("twelve chars"));
        assertTrue(Passwords.problem("eleven char").contains("12"));
        assertTrue(Passwords.problem("é".repeat(37)).contains("72 bytes"), "bcrypt would ignore the rest");
        assertTrue(Passwords.problem(" ".repeat(12)).contains("blank"));
    }

    @Test
    void sameOriginComparesHostAndPort() {
        HostAndPort here = HostAndPort.create("ueba.example", 8080);
        assertTrue(WebProtections.sameOrigin("http://ueba.example:8080", here));
        assertTrue(WebProtections.sameOrigin("http://UEBA.example:8080/ui/alerts?x=1", here), "a Referer");
        assertFalse(WebProtections.sameOrigin("http://ueba.example:8081", here));
        assertFalse(WebProtections.sameOrigin("http://ueba.example.evil.com:8080", here));
        assertFalse(WebProtections.sameOrigin("null", here), "sandboxed frames send Origin: null");
        assertFalse(WebProtections.sameOrigin("::not a url", here));
        assertTrue(WebProtections.sameOrigin("https://ueba.example", HostAndPort.create("ueba.example", -1)));
        assertTrue(WebProtections.sameOrigin("https://ueba.example", HostAndPort.create("ueba.example", 443)));
        assertFalse(WebProtections.sameOrigin("https://ueba.example", HostAndPort.create("ueba.example", 80)));
    }

    @Test
    void spreadsheetCellsAreQuotedAndFormulasDisarmed() {
        assertEquals("\"plain\"", SpreadsheetCsv.cell("plain"));
        assertEquals("\"\"", SpreadsheetCsv.cell(null));
        assertEquals("\"say \"\"hi\"\"\"", SpreadsheetCsv.cell("say \"hi\""));
        for (String f : new String[]{"=1+1", "+1", "-1+1", "@SUM(A1)", "\tx", "\rx", "  =1", "＝1", "|cmd"}) {
            assertTrue(SpreadsheetCsv.cell(f).startsWith("\"'"), f);
        }
        assertEquals("\"a,b\",\"'=x\",\"\"\r\n", SpreadsheetCsv.row(Arrays.asList("a,b", "=x", null)));
        assertEquals("\"a=b\"", SpreadsheetCsv.cell("a=b"), "only a leading formula character matters");
    }

    @Test
    void rolesNest() {
        assertTrue(Roles.granted(Roles.ADMIN).containsAll(java.util.List.of(Roles.ANALYST, Roles.INGEST)));
        assertEquals(java.util.Set.of(Roles.INGEST), Roles.granted(Roles.INGEST));
        assertThrows(IllegalArgumentException.class, () -> Roles.granted("root"));
    }
}
