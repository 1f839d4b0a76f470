package org.openueba.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The single sign-on pieces that need no application. */
class SingleSignOnUnitsTest {
    @Test
    void theProvidersIdentitiesHoldNoEngineRole() {
        var augmentor = new SingleSignOn.NoIdpRoles();
        SecurityIdentity fromIdp = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("someone"))
                .addRoles(Set.of("admin", "analyst")).addCredential(new IdTokenCredential("x.y.z"))
                .addAttribute("tenant-id", "Default").build();
        SecurityIdentity stripped = augmentor.augment(fromIdp, null).await().indefinitely();
        assertEquals(Set.of(), stripped.getRoles());
        assertEquals("someone", stripped.getPrincipal().getName());
        assertEquals("x.y.z", stripped.getCredential(IdTokenCredential.class).getToken());
        assertEquals("Default", stripped.getAttribute("tenant-id"));
        SecurityIdentity bearer = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("api"))
                .addRole("admin").addCredential(new AccessTokenCredential("a.b.c")).build();
        assertEquals(Set.of(), augmentor.augment(bearer, null).await().indefinitely().getRoles());
        // the engine's own identities are untouched
        SecurityIdentity local = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("admin"))
                .addRoles(Roles.granted(Roles.ADMIN)).build();
        assertSame(local, augmentor.augment(local, null).await().indefinitely());
    }

    @Test
    void theEnginesTokenProviderLeavesTheProvidersTokensAlone() {
        // with no Identities behind it, anything but declining would fail
        var provider = new IdentityProviders.Token(null);
        assertNull(provider.authenticate(new TokenAuthenticationRequest(new IdTokenCredential("x.y.z")), null)
                .await().indefinitely());
        assertNull(provider.authenticate(new TokenAuthenticationRequest(new AccessTokenCredential("a.b.c")), null)
                .await().indefinitely());
    }

    @Test
    void singleSignOnDoesNotStartWithoutARoleMapOrASessionKey() {
        var key = java.util.Optional.of("a-session-key-of-32-characters-00");
        var map = java.util.Optional.of("ueba-admins=admin");
        assertEquals(Map.of("ueba-admins", "admin"), SingleSignOn.checkSettings("groups", map, key).roles());
        for (var bad : List.of(java.util.Optional.<String>empty(), java.util.Optional.of("ueba-admins=ingest"))) {
            String m = assertThrows(IllegalStateException.class, () -> SingleSignOn.checkSettings("groups", bad, key)).getMessage();
            assertTrue(m.contains("ueba.security.oidc.role-map"), m);
        }
        for (var bad : List.of(java.util.Optional.<String>empty(), java.util.Optional.of("too-short-key"))) {
            String m = assertThrows(IllegalStateException.class, () -> SingleSignOn.checkSettings("groups", map, bad)).getMessage();
            assertTrue(m.contains("quarkus.http.auth.session.encryption-key"), m);
        }
    }

    @Test
    void claimsAreTheJwtsPayload() {
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"s-1\",\"groups\":[\"a\",\"b\"],\"realm_access\":{\"roles\":[\"r\"]},\"n\":3}".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> claims = SingleSignOn.claims("e30." + payload + ".c2ln");
        assertEquals("s-1", claims.get("sub"));
        assertEquals(List.of("a", "b"), claims.get("groups"));
        assertEquals(Map.of("roles", List.of("r")), claims.get("realm_access"));
        assertTrue(IdpRoleMapping.parse("realm_access/roles", "r=analyst").decide(claims).role().isPresent());
        assertThrows(IllegalArgumentException.class, () -> SingleSignOn.claims("only.two"));
        assertThrows(IllegalArgumentException.class, () -> SingleSignOn.claims("e30.bm90IGpzb24.c2ln"));
        assertThrows(IllegalArgumentException.class, () -> SingleSignOn.claims(null));
    }
}
