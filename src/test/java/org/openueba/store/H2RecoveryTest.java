package org.openueba.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
