package org.openueba.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mapping of an identity provider's claim values to engine roles, without the application. */
class IdpRoleMappingTest {
    static final IdpRoleMapping GROUPS = IdpRoleMapping.parse("groups", "ueba-admins=admin, ueba-analysts=analyst");

    @Test
    void mappedValuesGiveTheirRoleAndAdminWinsOverAnalyst() {
        assertEquals(Optional.of("analyst"), GROUPS.decide(Map.of("groups", List.of("staff", "ueba-analysts"))).role());
        assertEquals(Optional.of("admin"), GROUPS.decide(Map.of("groups", List.of("ueba-analysts", "ueba-admins"))).role());
        assertEquals(Optional.of("admin"), GROUPS.decide(Map.of("groups", List.of("ueba-admins", "ueba-analysts"))).role());
        assertEquals(List.of("staff", "ueba-analysts"), GROUPS.decide(Map.of("groups", List.of("staff", "ueba-analysts"))).values());
    }

    @Test
    void nothingIsGrantedWithoutAMappedValue() {
        // values named like our roles give nothing: only the map grants
        assertEquals(Optional.empty(), GROUPS.decide(Map.of("groups", List.of("admin", "analyst", "ingest"))).role());
        assertEquals(Optional.empty(), GROUPS.decide(Map.of("groups", List.of())).role());
        assertEquals(Optional.empty(), GROUPS.decide(Map.of()).role(), "no claim");
        assertEquals(Optional.empty(), GROUPS.decide(Map.of("groups", Map.of("ueba-admins", true))).role(), "an object");
        assertEquals(Optional.empty(), GROUPS.decide(Map.of("groups", 42)).role(), "a number");
        assertEquals(Optional.empty(), GROUPS.decide(Map.of("groups", List.of("UEBA-ADMINS"))).role(), "case matters");
        assertEquals(Optional.empty(), GROUPS.decide(Map.of("roles", List.of("ueba-admins"))).role(), "another claim");
        assertEquals(Optional.empty(), GROUPS.decide(Map.of("groups", List.of(List.of("ueba-admins")))).role(), "nested list");
    }

    @Test
    void aStringClaimHoldsValuesSeparatedBySpacesOrCommas() {
        assertEquals(Optional.of("analyst"), GROUPS.decide(Map.of("groups", "staff ueba-analysts")).role());
        assertEquals(Optional.of("admin"), GROUPS.decide(Map.of("groups", "staff,ueba-admins")).role());
        assertEquals(Optional.empty(), GROUPS.decide(Map.of("groups", "ueba-analystsX")).role());
    }

    @Test
    void nestedAndQuotedClaimPaths() {
        IdpRoleMapping keycloak = IdpRoleMapping.parse("realm_access/roles", "ueba-admin=admin");
        assertEquals(List.of("realm_access", "roles"), keycloak.claimPath());
        assertEquals(Optional.of("admin"), keycloak.decide(Map.of("realm_access", Map.of("roles", List.of("ueba-admin")))).role());
        assertEquals(Optional.empty(), keycloak.decide(Map.of("realm_access", List.of("ueba-admin"))).role());
        IdpRoleMapping url = IdpRoleMapping.parse("\"https://ueba.example/roles\"", "soc=analyst");
        assertEquals(List.of("https://ueba.example/roles"), url.claimPath());
        assertEquals(Optional.of("analyst"), url.decide(Map.of("https://ueba.example/roles", List.of("soc"))).role());
    }

    @Test
    void quotedValuesMayHoldCommasAndEquals() {
        IdpRoleMapping dn = IdpRoleMapping.parse("groups", "\"cn=soc,ou=groups,dc=example\"=analyst,\"cn=sec-admins,ou=groups\"=admin");
        assertEquals(Map.of("cn=soc,ou=groups,dc=example", "analyst", "cn=sec-admins,ou=groups", "admin"), dn.roles());
        assertEquals(Optional.of("analyst"), dn.decide(Map.of("groups", List.of("cn=soc,ou=groups,dc=example"))).role());
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        for (String bad : new String[]{"", "  ", "ueba-admins", "ueba-admins=root", "x=ingest", "=admin", "a=admin,a=analyst",
                "cn=x,ou=y=admin", "\"open=admin", ","}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdpRoleMapping.parse("groups", bad), bad);
            assertTrue(e.getMessage().startsWith("ueba.security.oidc.role-map"), e.getMessage());
        }
        for (String bad : new String[]{"", "a//b", "/groups", "\"open"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdpRoleMapping.parse(bad, "a=admin"), bad);
            assertTrue(e.getMessage().startsWith("ueba.security.oidc.role-claim"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IdpRoleMapping.parse("groups", "x=ingest"))
                .getMessage().contains("[admin, analyst]"), "ingest is never given to a person");
    }
}
