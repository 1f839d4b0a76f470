package org.openueba.directory;

import org.junit.jupiter.api.Test;
import org.openueba.source.AdapterLimits;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DirectoryParserTest {
    private final List<DirectoryRecord> records = new ArrayList<>();
    private final List<String> rejects = new ArrayList<>();

    private void parse(String text) throws IOException {
        DirectoryParser.parse(new StringReader(text), new DirectoryParser.Listener() {
            @Override
            public void record(long line, DirectoryRecord r) {
                records.add(r);
            }

            @Override
            public void reject(long line, String reason) {
                rejects.add(line + ": " + reason);
            }
        });
    }

    @Test
    void readsCertLdapExport() throws IOException {
        parse("employee_name,user_id,email,role,business_unit,functional_unit,department,team,supervisor\n"
                + "Calvin Edward Rios,CER0006,Calvin.Edward.Rios@dtaa.com,IT Admin,1,\"1 - Administration\","
                + "\"2 - Security\",6 - ITAdmin,Donna Cora Hughes\n"
                + "Broken Line,ABC0001\n"
                + ",,x@y.z,Role,1,2,3,4,5\n");
        assertEquals(1, records.size());
        DirectoryRecord r = records.get(0);
        assertEquals("CER0006", r.id());
        assertEquals("Calvin Edward Rios", r.displayName());
        assertEquals("IT Admin", r.role());
        assertEquals("2 - Security", r.department());
        assertEquals("1 - Administration", r.functionalUnit());
        assertEquals("Donna Cora Hughes", r.supervisor());
        assertNull(r.timeZone());
        assertEquals(List.of("3: expected 9 columns, found 2", "4: id: missing"), rejects);
    }

    @Test
    void readsGenericCsvWithTimeZones() throws IOException {
        parse("user_id,display_name,department,role,supervisor,time_zone\n"
                + "alice,Alice A,Finance,Analyst,bob,Europe/Berlin\n"
                + "carol,Carol C,HR,Clerk,bob,Mars/Olympus\n");
        assertEquals("Europe/Berlin", records.get(0).timeZone());
        assertEquals(List.of("3: time_zone: 'Mars/Olympus' is not an IANA time zone id"), rejects);
    }

    @Test
    void readsJsonArrayAndLines() throws IOException {
        parse("[{\"userId\":\"alice\",\"timeZone\":\"America/New_York\",\"department\":\"Sales\"},\n 42]");
        parse("{\"user_id\":\"bob\",\"manager\":\"alice\"}\n{\"user_id\":\"carol\"}\n");
        assertEquals(List.of("alice", "bob", "carol"), records.stream().map(DirectoryRecord::id).toList());
        assertEquals("America/New_York", records.get(0).timeZone());
        assertEquals("alice", records.get(1).supervisor());
        assertEquals(List.of("2: expected a JSON object"), rejects);
    }

    @Test
    void quotedFieldsMaySpanLinesAndUnterminatedOnesAreReported() throws IOException {
        parse("user_id,display_name,department\n"
                + "alice,\"Alice\nAnders\",Finance\n"
                + "bob,Bob,HR\n"
                + "carol,\"Carol,HR\n");
        assertEquals(List.of("alice", "bob"), records.stream().map(DirectoryRecord::id).toList());
        assertEquals("Alice\nAnders", records.get(0).displayName());
        assertEquals(List.of("5: unterminated quoted field"), rejects);
    }

    @Test
    void hostileInputIsRejectedWithLineNumbersNotThrown() throws IOException {
        // found by DirectoryParserFuzzTest: these threw (an HTTP 500) or stored what the database cannot hold
        parse(" ".repeat(5000) + "\n\nuser_id,name\nalice,A\n"); // more blank space than the old mark() limit
        parse("[{\"user_id\":\"bob\"} {\"user_id\":\"x\"}]");
        parse("{\"user_id\":\"carol\"}\n\r\r}}}");
        parse("[{\"user_id\":\"dan\"},\n"); // ends after a final line feed: reported on line 1, the last
        parse("{\"user_id\":\"nul\\u0000\"}\n{\"user_id\":\"dave\",\"name\":\"\\ud800\"}\n{\"user_id\":\"" + "x".repeat(257) + "\"}");
        assertEquals(List.of("alice", "bob", "carol", "dan"), records.stream().map(DirectoryRecord::id).toList());
        assertEquals(List.of("1: invalid JSON: Unexpected character ('{' (code 123)): was expecting comma to separate Array entries;"
                        + " the rest was not read",
                "2: invalid JSON: Unexpected close marker '}': no open Object to close; the rest was not read",
                "1: invalid JSON: Unexpected end-of-input within/between Array entries; the rest was not read",
                "1: id: contains a control character", "2: displayName: contains an unpaired surrogate (not Unicode text)",
                "3: id: longer than 256 characters"), rejects);
    }

    @Test
    void linesColumnsAndElementsAreLimited() throws IOException {
        DirectoryParser.Listener out = new DirectoryParser.Listener() {
            @Override
            public void record(long line, DirectoryRecord r) {
                records.add(r);
            }

            @Override
            public void reject(long line, String reason) {
                rejects.add(line + ": " + reason);
            }
        };
        AdapterLimits limits = new AdapterLimits(64, 8);
        DirectoryParser.parse(new StringReader("user_id,name\na," + "x".repeat(100) + "\nb,B\n"), limits, out);
        DirectoryParser.parse(new StringReader("user_id,name\nc,\"" + "y\n".repeat(32) + "d,D\n"), limits, out);
        DirectoryParser.parse(new StringReader("user_id,name\ne,E,1,2,3,4,5,6,7\n"), limits, out);
        DirectoryParser.parse(new StringReader("[{\"user_id\":\"" + "z".repeat(100) + "\"},"
                + "{\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1,\"g\":1,\"h\":1,\"i\":1},{\"user_id\":\"f\"}]"), limits, out);
        assertEquals(List.of("b", "d", "f"), records.stream().map(DirectoryRecord::id).toList());
        assertEquals(List.of("2: line longer than 64 characters", "2: record longer than 64 characters",
                "2: record has more than 8 columns (the limit)", "1: element longer than 64 characters",
                "1: record has more than 8 members (the limit)"), rejects);
    }

    @Test
    void headerWithoutIdIsRejected() throws IOException {
        parse("name,email\nA,a@b\n");
        assertEquals(List.of("1: header names no id column (user_id, id, entity, username…): name,email"), rejects);
    }
}
