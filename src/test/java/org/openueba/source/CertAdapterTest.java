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

    @Test
    void theRememberedHourGivesWhatTheZoneRulesGiveThroughDstChangesAndBadTimes() {
        // every 7 minutes 3 seconds across the DST changes of 2010 in three zones (Lord Howe moves by 30 minutes),
        // plus a time that does not exist, a repeated one, and bad minutes and days right after a remembered hour
        for (String z : new String[]{"America/New_York", "Europe/London", "Australia/Lord_Howe"}) {
            ZoneId zone = ZoneId.of(z);
            CertAdapter.Hours hours = new CertAdapter.Hours(zone);
            java.util.List<String> texts = new java.util.ArrayList<>();
            for (String[] range : new String[][]{{"2010-03-13T00:00", "2010-03-15T00:00"}, {"2010-04-03T00:00", "2010-04-05T00:00"},
                    {"2010-10-02T00:00", "2010-10-04T00:00"}, {"2010-11-06T00:00", "2010-11-08T00:00"}}) {
                for (java.time.LocalDateTime t = java.time.LocalDateTime.parse(range[0]); t.isBefore(java.time.LocalDateTime.parse(range[1]));
                     t = t.plusSeconds(423)) {
                    texts.add(String.format(java.util.Locale.ROOT, "%02d/%02d/%04d %02d:%02d:%02d", t.getMonthValue(), t.getDayOfMonth(),
                            t.getYear(), t.getHour(), t.getMinute(), t.getSecond()));
                }
            }
            texts.addAll(List.of("03/14/2010 02:30:00", "11/07/2010 01:30:00", "01/02/2010 06:49:00", "01/01/2010 30:49:00", "01/02/2010 06:49:00", "12/31/2009 54:49:00",
                    "01/02/2010 06:49:00", "01/02/2010 06:60:00",
                    "01/02/2010 06:49:61", "01/32/2010 06:49:00", "02/29/2010 06:49:00", "1/2/2010 6:49:00"));
            int checked = 0;
            for (String t : texts) {
                Object expected, actual;
                try {
                    expected = CertAdapter.parseDate(t, zone);
                } catch (org.openueba.event.InvalidRecordException e) {
                    expected = e.getMessage();
                }
                try {
                    actual = hours.parse(t);
                } catch (org.openueba.event.InvalidRecordException e) {
                    actual = e.getMessage();
                }
                assertEquals(expected, actual, t + " in " + z);
                checked++;
            }
            assertTrue(checked > 1_500, z);
        }
    }

    @Test
    void activitiesMatchInLowerCaseAsToLowerCaseWouldWithoutMakingTheString() {
        String[] words = {"logon", "logoff", "connect", "disconnect"};
        String[] inputs = {"Logon", "LOGON", "logon", "LogOff", "Connect", "DISCONNECT", "disConnect", "logon ", "logo", "logons",
                "l\u043egon", "Di\u017Fconnect", "\u212Aonnect", "\u0130ogon", "LOGOFF\u0000", "", "Logoff\u00df"};
        for (String w : words) {
            for (String a : inputs) {
                assertEquals(a.toLowerCase(java.util.Locale.ROOT).equals(w), CertAdapter.lowerEquals(a, w), a + " / " + w);
            }
        }
    }
}
