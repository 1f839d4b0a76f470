package org.openueba.demo;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * One account of the demo organisation and its personal habits (all drawn from the account's own
 * random stream). Mutable only while the organisation is being built.
 */
final class DemoUser {
    /** What a day looks like for a user. */
    enum DayKind { WORK, WEEKEND, VACATION, SICK, TRAVEL_OUT, AWAY, TRAVEL_BACK }

    /** A business trip: leave on {@code depart}, come back on {@code back}. */
    record Trip(LocalDate depart, LocalDate back, City destination) {
    }

    final int index;
    String id;
    String firstName;
    String lastName;
    String department;
    String role;
    String supervisor = "";
    Office office;
    City homeCity;
    ZoneId zone;
    boolean itAdmin;
    boolean serviceAccount;
    String pc;
    String secondPc;
    double startMinute;
    double startJitter;
    double dayLength;
    double logonsPerDay;
    double weekendProb;
    double lateProb;
    double sharedProb;
    double colleagueProb;
    double removablePerDay;
    double vpnDayProb;
    double typoProb;
    final List<GeoAddressPool.Address> homeIps = new ArrayList<>();
    String userAgent;
    String secondUserAgent;
    final List<Trip> trips = new ArrayList<>();
    DayKind[] days;

    DemoUser(int index) {
        this.index = index;
    }

    String displayName() {
        return firstName + " " + lastName;
    }

    String email() {
        return (firstName + "." + lastName).replace(' ', '.').replace("'", "") + "@dtaa.example";
    }

    /** The trip the user is on (or leaving/returning) on a day, or null. */
    Trip tripOn(LocalDate d) {
        for (Trip t : trips) {
            if (!d.isBefore(t.depart()) && !d.isAfter(t.back())) {
                return t;
            }
        }
        return null;
    }
}
