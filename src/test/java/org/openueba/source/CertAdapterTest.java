package org.openueba.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openueba.event.Event;
import org.openueba.event.EventKind;
import org.openueba.event.Outcome;

class CertAdapterTest {
    private static final SourceProfile LOGON = SourceProfile.of("logon", "cert-logon");
    private static final SourceProfile DEVICE = SourceProfile.of("device", "cert-device");

    @Test
    void logonWithHeader() {
        Collected c = Collected.read(LOGON, "id,date,user,pc,activity\n"
                + "{X1D9-S0ES98JV-5357PWMI},01/02/2010 06:49:00,DTAA/NGF0157,PC-6056,Logon\n"
                + "{G2B3-L6EJ61GT-2222RKSO},01/02/2010 17:10:00,DTAA/NGF0157,PC-6056,Logoff\n");
        assertEquals(List.of(1L), c.skipLines());
        assertEquals(List.of(), c.rejects);
        Event e = c.event(0);
        assertEquals("{X1D9-S0ES98JV-5357PWMI}", e.id());
        assertEquals(Instant.parse("2010-01-02T06:49:00Z"), e.time());
        assertEquals("NGF0157", e.entity());
        assertEquals(Map.of("domain", "DTAA"), e.attributes());
        assertEquals("PC-6056", e.dstHost());
        assertEquals("logon", e.action());
        assertEquals(EventKind.AUTHENTICATION, e.kind());
        assertEquals(Outcome.SUCCESS, e.outcome());
        assertEquals("logoff", c.event(1).action());
        assertEquals(3L, c.records.get(1).line());
    }

    @Test
    void logonWithoutHeaderInProfileZoneWithCrlfAndBom() {
        SourceProfile ny = new SourceProfile("logon", "cert-logon", null, ZoneId.of("America/New_York"), null, null, null);
        Collected c = Collected.read(ny, "\uFEFF{A},1/2/2010 6:49:00,ACM2278,PC-1,Logon\r\n");
        assertEquals(List.of(), c.rejects);
        assertEquals(Instant.parse("2010-01-02T11:49:00Z"), c.event(0).time());
        assertEquals("{A}", c.event(0).id());
        assertEquals("ACM2278", c.event(0).entity());
        assertTrue(c.event(0).attributes().isEmpty());
    }

    @Test
    void rejectsBadLinesWithLineNumbersAndKeepsGoing() {
        Collected c = Collected.read(LOGON, "{A},01/02/2010 06:49:00,U1,PC-1,Logon\n"
                + "{B},2010-01-02 06:49:00,U1,PC-1,Logon\n"
                + "{C},01/02/2010 06:49:00,U1,PC-1,Login\n"
                + "{D},01/02/2010 06:49:00,U1,PC-1\n"
                + "{E},13/45/2010 06:49:00,U1,PC-1,Logon\n"
                + "{F},01/02/2010 06:50:00,,PC-1,Logon\n"
                + "{G},01/02/2010 06:51:00,U1,PC-1,Logoff\n");
        assertEquals(List.of(1L, 7L), c.recordLines());
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), c.rejectLines());
        assertTrue(c.reason(0).startsWith("date: '2010-01-02 06:49:00' is not MM/dd/yyyy HH:mm:ss"), c.reason(0));
        assertEquals("activity: 'Login' is not Logon or Logoff", c.reason(1));
        assertEquals("expected 5 columns, found 4", c.reason(2));
        assertTrue(c.reason(3).startsWith("date:"), c.reason(3));
        assertEquals("user: missing", c.reason(4));
    }

    @Test
    void tooManyFieldsAndOverLongLine() {
        RecordAdapter a = Adapters.create(LOGON, new AdapterLimits(64, 8));
        Collected c = Collected.read(a, "{A},01/02/2010 06:49:00,U1,PC-1,Logon\n"
                + "1,2,3,4,5,6,7,8,9\n"
                + "{B},01/02/2010 06:49:00,U1,PC-1,Logon" + "x".repeat(60) + "\n"
                + "{C},01/02/2010 06:49:00,U1,PC-1,Logon\n");
        assertEquals(List.of(1L, 4L), c.recordLines());
        assertEquals(List.of(2L, 3L), c.rejectLines());
        assertEquals("record has more than 8 fields (the limit)", c.reason(0));
        assertEquals("line longer than 64 characters", c.reason(1));
    }

    @Test
    void deviceR4WithoutHeader() {
        Collected c = Collected.read(DEVICE, "{J1S3-L9UU75BQ-7790ATPL},01/02/2010 07:21:06,DTAA/MOH0273,PC-6699,Connect\n"
                + "{N7B5-Y7BB27SI-2946PUJK},01/02/2010 07:37:41,DTAA/MOH0273,PC-6699,Disconnect\n");
        assertEquals(List.of(), c.rejects);
        Event e = c.event(0);
        assertEquals(EventKind.DEVICE, e.kind());
        assertEquals("connect", e.action());
        assertEquals("MOH0273", e.entity());
        assertEquals("PC-6699", e.dstHost());
        assertEquals("disconnect", c.event(1).action());
    }

    @Test
    void deviceR6WithHeaderAndFileTree() {
        Collected c = Collected.read(DEVICE, "id,date,user,pc,file_tree,activity\n"
                + "{Q5R1-T3EF87UE-2395RWZS},01/02/2010 07:21:06,DTAA/BDV0168,PC-6699,R:\\;R:\\34Y4ss2;R:\\DBT5M60,Connect\n"
                + "{X},01/02/2010 07:40:00,DTAA/BDV0168,PC-6699,,Disconnect\n"
                + "{Y},01/02/2010 07:40:00,DTAA/BDV0168,PC-6699,Disconnect\n");
        assertEquals(List.of(4L), c.rejectLines());
        assertEquals("expected 6 columns, found 5", c.reason(0));
        assertEquals(Map.of("domain", "DTAA", "file_tree", "R:\\;R:\\34Y4ss2;R:\\DBT5M60"), c.event(0).attributes());
        assertEquals(Map.of("domain", "DTAA"), c.event(1).attributes());
        assertEquals("disconnect", c.event(1).action());
    }

    @Test
    void deviceR6WithoutHeaderAndDeviceColumnFromHeader() {
        Collected c = Collected.read(DEVICE, "{A},01/02/2010 07:21:06,U1,PC-1,R:\\,Connect\n");
        assertEquals("R:\\", c.event(0).attributes().get("file_tree"));
        assertNull(c.event(0).device());
        c = Collected.read(DEVICE, "id,date,user,pc,activity,device\n{A},01/02/2010 07:21:06,U1,PC-1,Connect,USB-42\n");
        assertEquals("USB-42", c.event(0).device());
        assertEquals("connect", c.event(0).action());
    }

    @Test
    void deviceRejectsUnknownActivity() {
        Collected c = Collected.read(DEVICE, "{A},01/02/2010 07:21:06,U1,PC-1,Plug\n");
        assertEquals("activity: 'Plug' is not Connect or Disconnect", c.reason(0));
    }
}
