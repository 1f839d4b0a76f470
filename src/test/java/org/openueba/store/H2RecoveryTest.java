package org.openueba.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class H2RecoveryTest {
    @Test
    void theMarkerSitsBesideAnH2FileDatabaseOnly() {
        assertEquals(Path.of("./data/ueba.running"),
                H2Recovery.markerOf("jdbc:h2:file:./data/ueba;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"));
        assertEquals(Path.of("/var/lib/ueba/db.running"), H2Recovery.markerOf("jdbc:h2:file:/var/lib/ueba/db"));
        assertEquals(Path.of(System.getProperty("user.home") + "/ueba.running"), H2Recovery.markerOf("jdbc:h2:file:~/ueba;MODE=PostgreSQL"));
        assertNull(H2Recovery.markerOf("jdbc:h2:mem:ueba-test;DB_CLOSE_DELAY=-1"), "nothing survives an in-memory database's crash");
        assertNull(H2Recovery.markerOf("jdbc:postgresql://127.0.0.1:5432/test"));
        assertNull(H2Recovery.markerOf(null));
    }

    @Test
    void theUrlMustKeepH2OpenUntilTheEngineHasStopped() {
        assertTrue(H2Recovery.closesAfterShutdown("jdbc:h2:file:./data/ueba;MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE"));
        assertTrue(H2Recovery.closesAfterShutdown("jdbc:h2:file:./data/ueba;db_close_on_exit=false;MODE=PostgreSQL"));
        assertFalse(H2Recovery.closesAfterShutdown("jdbc:h2:file:./data/ueba;MODE=PostgreSQL"));
        assertFalse(H2Recovery.closesAfterShutdown("jdbc:h2:file:./data/ueba;DB_CLOSE_ON_EXIT=TRUE"));
    }
}
