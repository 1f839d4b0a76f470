package org.openueba.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which engine role a person signed in at the identity provider (IdP) gets: the values of one claim
 * of the ID token (groups, roles…), looked up in a configured map. Pure Java: the claims are the
 * token's JSON as maps, lists and scalars.
 * <p>
 * The map ({@code ueba.security.oidc.role-map}) is a comma-separated list of {@code value=role}
 * entries, e.g. {@code ueba-admins=admin,ueba-analysts=analyst}; a value holding a comma or an
 * equals sign (an LDAP group DN) is written in double quotes: {@code "cn=soc,ou=groups"=analyst}.
 * Roles are {@code admin} or {@code analyst}; {@code ingest} belongs to tokens and is never given
 * to a person. Values are compared exactly (case matters, as it does at IdPs).
 * <p>
 * The claim ({@code ueba.security.oidc.role-claim}) is a name, or a path through nested objects
 * separated by {@code /} (Keycloak's {@code realm_access/roles}); a segment holding a slash (a URL
 * claim name) is written in double quotes. Its value may be a list of strings or one string of
 * values separated by spaces or commas.
 * <p>
 * A person whose values map to several roles gets the most privileged one ({@code admin} before
 * {@code analyst}); a person none of whose values is in the map gets no role and is refused. Only a
 * value listed in the map can give {@code admin}: an IdP group that happens to be called "admin"
 * gives nothing unless the map says so.
 */
public final class IdpRoleMapping {
    private static final Pattern SPLIT = Pattern.compile("[\\s,]+");
    private final Map<String, String> roleOf;
    private final List<String> claimPath;

    /** The outcome for one person: their role (empty: refused) and the claim values that were seen. */
    public record Decision(Optional<String> role, List<String> values) {
    }

    private IdpRoleMapping(Map<String, String> roleOf, List<String> claimPath) {
        this.roleOf = roleOf;
        this.claimPath = claimPath;
    }

    /**
     * Parses the configured claim path and role map.
     *
     * @throws IllegalArgumentException naming the setting and what is wrong: an empty map, an entry
     *                                  without {@code =}, an empty value, a role other than admin or
     *                                  analyst, a value mapped twice, an empty or unbalanced path
     */
    public static IdpRoleMapping parse(String claim, String map) {
        return new IdpRoleMapping(parseMap(map), parsePath(claim));
    }

    /** The role map, value to role, in the configured order. */
    public Map<String, String> roles() {
        return roleOf;
    }

    /** The claim's path segments. */
    public List<String> claimPath() {
        return claimPath;
    }

    /** The role for an ID token with these claims. */
    public Decision decide(Map<String, ?> claims) {
        List<String> values = values(claims);
        String best = null;
        for (String v : values) {
            String role = roleOf.get(v);
            if (Roles.ADMIN.equals(role)) {
                best = Roles.ADMIN;
                break;
            }
            if (role != null) best = role;
        }
        return new Decision(Optional.ofNullable(best), values);
    }

    /** The claim's values in the token (empty when it is absent or of another shape). */
    public List<String> values(Map<String, ?> claims) {
        Object node = claims;
        for (String segment : claimPath) {
            if (!(node instanceof Map<?, ?> m)) return List.of();
            node = m.get(segment);
        }
        List<String> out = new ArrayList<>();
        if (node instanceof String s) {
            for (String part : SPLIT.split(s.strip())) if (!part.isEmpty()) out.add(part);
        } else if (node instanceof Collection<?> c) {
            for (Object o : c) if (o instanceof String s && !s.isEmpty()) out.add(s);
        }
        return out;
    }

    static Map<String, String> parseMap(String map) {
        if (map == null || map.isBlank())
            throw new IllegalArgumentException("ueba.security.oidc.role-map is empty: nobody could sign in "
                    + "(e.g. ueba-admins=admin,ueba-analysts=analyst)");
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : splitOutsideQuotes("ueba.security.oidc.role-map", map, ',')) {
            if (entry.isBlank()) continue;
            List<String> parts = splitOutsideQuotes("ueba.security.oidc.role-map", entry, '=');
            if (parts.size() < 2)
                throw new IllegalArgumentException("ueba.security.oidc.role-map: '" + entry.strip() + "' is not value=role");
            if (parts.size() > 2)
                throw new IllegalArgumentException("ueba.security.oidc.role-map: '" + entry.strip()
                        + "' has more than one '=': quote a value that holds one");
            String value = unquote(parts.get(0).strip());
            String role = parts.get(1).strip();
            if (value.isEmpty())
                throw new IllegalArgumentException("ueba.security.oidc.role-map: '" + entry.strip() + "' has an empty value");
            if (!Roles.USER_ROLES.contains(role))
                throw new IllegalArgumentException("ueba.security.oidc.role-map: '" + value + "' maps to '" + role
                        + "'; a person's role is one of " + Roles.USER_ROLES);
            if (out.putIfAbsent(value, role) != null)
                throw new IllegalArgumentException("ueba.security.oidc.role-map: '" + value + "' is mapped twice");
        }
        if (out.isEmpty()) throw new IllegalArgumentException("ueba.security.oidc.role-map has no entry");
        return java.util.Collections.unmodifiableMap(out);
    }

    static List<String> parsePath(String claim) {
        if (claim == null || claim.isBlank()) throw new IllegalArgumentException("ueba.security.oidc.role-claim is empty");
        List<String> out = new ArrayList<>();
        for (String segment : splitOutsideQuotes("ueba.security.oidc.role-claim", claim.strip(), '/')) {
            String s = unquote(segment.strip());
            if (s.isEmpty())
                throw new IllegalArgumentException("ueba.security.oidc.role-claim: '" + claim + "' has an empty segment");
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** Splits at {@code sep} where it is not inside double quotes; the quotes stay in the parts. */
    static List<String> splitOutsideQuotes(String setting, String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') quoted = !quoted;
            if (c == sep && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) throw new IllegalArgumentException(setting + ": unbalanced double quote in '" + s + "'");
        out.add(cur.toString());
        return out;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
