package org.openueba.demo;

import java.time.ZoneId;
import java.util.List;

/**
 * An office of the demo organisation: its city and time zone, the share of staff working there,
 * the cities its staff live in (with weights), and its VPN gateway.
 */
enum Office {
    NEW_YORK(City.NEW_YORK, 0.30, "vpn-gw-1", List.of(City.NEW_YORK, City.BROOKLYN, City.JERSEY_CITY, City.NEWARK),
            new double[] {0.5, 0.25, 0.15, 0.10}),
    CHICAGO(City.CHICAGO, 0.15, "vpn-gw-1", List.of(City.CHICAGO, City.EVANSTON, City.NAPERVILLE),
            new double[] {0.6, 0.2, 0.2}),
    LONDON(City.LONDON, 0.20, "vpn-gw-2", List.of(City.LONDON, City.READING, City.MANCHESTER),
            new double[] {0.65, 0.2, 0.15}),
    BERLIN(City.BERLIN, 0.20, "vpn-gw-2", List.of(City.BERLIN, City.POTSDAM, City.HAMBURG),
            new double[] {0.65, 0.2, 0.15}),
    SINGAPORE(City.SINGAPORE, 0.15, "vpn-gw-3", List.of(City.SINGAPORE), new double[] {1.0});

    final City city;
    final double share;
    final String vpnGateway;
    final List<City> homeCities;
    final double[] homeWeights;

    Office(City city, double share, String vpnGateway, List<City> homeCities, double[] homeWeights) {
        this.city = city;
        this.share = share;
        this.vpnGateway = vpnGateway;
        this.homeCities = homeCities;
        this.homeWeights = homeWeights;
    }

    ZoneId zone() {
        return ZoneId.of(city.zone());
    }
}
