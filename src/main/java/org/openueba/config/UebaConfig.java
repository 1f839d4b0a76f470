package org.openueba.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every tunable of the engine, under the prefix {@code ueba}. Defaults are those documented in
 * docs/architecture.md; each key can be set in application.properties, as a system property or as
 * an environment variable (UEBA_INGEST_MAX_BODY_BYTES…).
 */
@ConfigMapping(prefix = "ueba")
public interface UebaConfig {

    /** Ingestion limits and batching. */
    Ingest ingest();

    /**
     * Data sources by name, added to or overriding the predefined ones
     * (json, vpn, cert-logon, cert-device, lanl-auth, zeek-conn, apache, sshd, rba-login).
     */
    Map<String, Source> sources();

    /** The write-ahead event journal. */
    Journal journal();

    /** Stored model snapshots. */
    Snapshots snapshots();

    /** Keyed pseudonymisation of identifying fields. */
    Pseudonymisation pseudonymisation();

    /** GeoIP enrichment. */
    Geoip geoip();

    /** Retention of stored events. */
    Retention retention();

    /** The first-layer behaviour models (docs/algorithms.md). */
    Models models();

    /** The second layer: SMART values, per-entity thresholds, alerts (docs/algorithms.md). */
    Smart smart();

    /** The demo organisation loaded at first start. */
    Demo demo();

    /** Directory (entity attributes) import at start. */
    Directory directory();

    /** Users, tokens, login and the web UI's protections (docs/security.md). */
    Security security();

    interface Ingest {
        /** Largest accepted request body in bytes, after gzip decompression (a batch is held in memory). */
        @WithDefault("67108864")
        long maxBodyBytes();

        /** Longest accepted line (or JSON element), in characters. */
        @WithDefault("65536")
        int maxLineLength();

        /** Most fields one record may have. */
        @WithDefault("256")
        int maxFields();

        /** Most rejected records listed one by one in an ingestion answer; the count is always exact. */
        @WithDefault("1000")
        int maxReportedErrors();

        /** Events stamped further than this ahead of the server clock are rejected. */
        @WithDefault("P1D")
        Duration maxFutureSkew();
    }

    interface Journal {
        /** Directory of the journal's segment files. */
        @WithDefault("data/journal")
        String dir();

        /** Force each appended batch to the device before acknowledging (survives power loss, not only a crash). */
        @WithDefault("true")
        boolean fsync();

        /** Size after which a new segment file starts; indexed segments are deleted. */
        @WithDefault("67108864")
        long segmentBytes();

        /** Acknowledged-but-unindexed events above which ingestion waits for the indexer. */
        @WithDefault("2000000")
        long maxBacklog();

        /** Events per indexing transaction. */
        @WithDefault("20000")
        int indexBatch();

        /** Run the background indexer (journal → events table, with model scoring). Off only in the replay command, which stores no events. */
        @WithDefault("true")
        boolean indexing();

        /**
         * Derive alerts from the journal's tail as soon as events are acknowledged, in a thread of its
         * own with a second copy of the models (twice the model memory), instead of while the events
         * are indexed into the database: alerts are then as late as scoring, not as indexing.
         */
        @WithName("alerts-ahead")
        @WithDefault("true")
        boolean alertsAhead();

        /**
         * Start with the indexer held (maintenance and measurement): events are acknowledged up to
         * {@code max-backlog} and, with {@code alerts-ahead}, alerted; nothing is indexed until
         * {@code EventLog.holdIndexing(false)} or a restart without it.
         */
        @WithName("hold-indexing")
        @WithDefault("false")
        boolean holdIndexing();
    }

    interface Snapshots {
        /** Model snapshots kept in the database; older ones are deleted after each save (at least 1). */
        @WithDefault("2")
        int keep();
    }

    interface Source {
        /** Adapter type: json, cert-logon, cert-device, lanl-auth, zeek-conn, access-log, sshd, csv. */
        String adapter();

        /** Field whose value is the entity (srcIp, dstHost, attributes.KEY…); absent: the adapter's default. */
        Optional<String> entityField();

        /** Time zone of timestamps without an offset, and default local zone of the source's entities. */
        @WithDefault("UTC")
        String timeZone();

        /** Target field → source column or JSON path. */
        Map<String, String> mapping();

        /** Adapter options (see docs/sources.md). */
        Map<String, String> options();

        /** Fields replaced by a keyed pseudonym before storage and modelling. */
        Optional<List<String>> pseudonymise();

        /** Categorical features the models learn for this source (src_host, dst_host, src_ip, dst_ip, country,
         * city, asn, device, action, user_agent); absent: chosen by event kind. */
        Optional<List<String>> features();

        /** SMART window of this source's events: hour, day or events:N (groups of N events); absent: ueba.smart.window. */
        Optional<String> window();
    }

    interface Pseudonymisation {
        /** The default key; the engine refuses to start in the prod profile while it is in use. */
        String DEFAULT_KEY = "insecure-default-pseudonymisation-key-change-me";

        /** HMAC-SHA256 key (at least 32 characters); also keys derived event ids. */
        @WithDefault(DEFAULT_KEY)
        String key();

        /** Fields pseudonymised for every source, in addition to each source's own list. */
        Optional<List<String>> fields();
    }

    interface Geoip {
        /** Enrich events that have an IP but no location from the GeoLite2 databases. */
        @WithDefault("true")
        boolean enabled();

        /** A GeoLite2/GeoIP2 City database file; absent: the bundled GeoLite2 City (2019-11-19). */
        Optional<String> cityDatabase();

        /** A GeoLite2/GeoIP2 ASN database file; absent: the bundled GeoLite2 ASN. */
        Optional<String> asnDatabase();
    }

    interface Smart {
        /** A window whose SMART score reaches this becomes an alert (0..100]; docs/evaluation.md on choosing it. */
        @WithDefault("79")
        double threshold();

        /** Default SMART window of sources that do not set one: hour, day or events:N. */
        @WithDefault("hour")
        String window();

        /** Weight of features not listed in weights. */
        @WithName("default-weight")
        @WithDefault("0.5")
        double defaultWeight();

        /** Feature name or type → weight, added to the defaults (quote keys with dots: "failures.hour"). */
        Map<String, Double> weights();

        /** Percentile of the entities' 30-day SMART maxima used as the organisation prior. */
        @WithName("prior-percentile")
        @WithDefault("99")
        double priorPercentile();

        /** How many days the organisation prior weighs. */
        @WithName("pseudo-count")
        @WithDefault("5")
        double pseudoCount();

        /**
         * How long an hour/day window stays open after its end for events that arrive out of order
         * (measured in the entity's newest event time); later events are scored in a window of their own.
         */
        @WithName("allowed-lateness")
        @WithDefault("1h")
        Duration allowedLateness();

        /** Floor of the organisation prior (a young organisation must not alert on everything). */
        @WithName("min-prior")
        @WithDefault("0.5")
        double minPrior();

        /**
         * k of the outlier fence Q3 + k·(Q3 − Q1) over the entities' maxima: the few far above it (incidents,
         * not the organisation's ordinary noise) are left out of the prior; 0 = off.
         */
        @WithName("prior-fence")
        @WithDefault("3")
        double priorFence();
    }

    interface Models {
        /** Values kept per entity and feature (top K by days of use). */
        @WithName("top-k")
        @WithDefault("20")
        int topK();

        /** How often the model state is saved to the database (also at shutdown). */
        @WithName("snapshot-every")
        @WithDefault("10m")
        Duration snapshotEvery();

        /** VPN/egress address ranges (CIDR): no travel and no location scores for events from them. */
        @WithName("vpn-ranges")
        Optional<List<String>> vpnRanges();

        /** Speed above which consecutive located events are impossible travel, in km/h. */
        @WithName("travel-speed-kmh")
        @WithDefault("1000")
        double travelSpeedKmh();

        /**
         * Days of the span window of removable-device connections (their count over the last N days,
         * against the entity's earlier N-day counts); 0 switches it off. At most 14.
         */
        @WithName("span-days")
        @WithDefault("2")
        @jakarta.validation.constraints.Min(0)
        @jakarta.validation.constraints.Max(14)
        int spanDays();

        /**
         * The percentile of a segment's maxima that sets the organisation's σ prior of the window counts
         * (docs/algorithms.md, "Window counts"; engine.md §3.3 says 0.99). 0.5..1.
         */
        @WithName("count-prior-percentile")
        @WithDefault("0.9")
        @jakarta.validation.constraints.DecimalMin("0.5")
        @jakarta.validation.constraints.DecimalMax("1")
        double countPriorPercentile();
    }

    interface Retention {
        /**
         * Events older than this many days before the newest stored event time are deleted. Also the
         * models' history (within 1..128 days); below 30 the SMART organisation prior covers only these days.
         */
        @WithDefault("90")
        @jakarta.validation.constraints.Min(1)
        int days();

        /** How often pruning runs. */
        @WithName("prune-every")
        @WithDefault("1h")
        String pruneEvery();

        /** Most events pruning deletes in one transaction (at least 1); it loops until all due events are gone. */
        @WithDefault("5000")
        @jakarta.validation.constraints.Min(1)
        int batch();
    }

    interface Demo {
        /** Generate and load the demo organisation when the event store is empty at start. */
        @WithDefault("false")
        boolean enabled();

        /** Seed of the demo generator. */
        @WithDefault("42")
        long seed();

        /** Number of users. */
        @WithDefault("300")
        int users();

        /** Weeks of activity. */
        @WithDefault("9")
        int weeks();

        /** Directory the demo files are written to. */
        @WithDefault("data/demo")
        String dir();
    }

    interface Directory {
        /** A directory file (CSV or JSON, see docs) imported at start when present. */
        Optional<String> file();
    }

    interface Security {
        /**
         * Create the first admin (or print the setup token) when no user exists. Off for the replay
         * command, which serves no one.
         */
        @WithDefault("true")
        boolean bootstrap();

        /**
         * Password of the first admin (user {@code bootstrap-admin-user}), created at start when no
         * user exists yet. Unset: a one-time setup token is printed to the log instead.
         * Environment variable UEBA_SECURITY_BOOTSTRAP_ADMIN_PASSWORD (or UEBA_BOOTSTRAP_ADMIN_PASSWORD).
         */
        @WithName("bootstrap-admin-password")
        Optional<String> bootstrapAdminPassword();

        /** Name of the first admin created from {@code bootstrap-admin-password}. */
        @WithName("bootstrap-admin-user")
        @WithDefault("admin")
        String bootstrapAdminUser();

        /**
         * Create the demo users (admin/analyst with published passwords) when no user exists. Only for
         * the demo profile: the log and the login page say so loudly.
         */
        @WithName("demo-users")
        @WithDefault("false")
        boolean demoUsers();

        /** bcrypt cost factor for new password hashes (4..31). */
        @WithName("bcrypt-cost")
        @WithDefault("12")
        int bcryptCost();

        /** Failed logins on one user name or from one address before further attempts are refused. */
        @WithName("login-max-failures")
        @WithDefault("10")
        int loginMaxFailures();

        /**
         * Failed logins from one address (any user names) before that address is refused: higher than
         * per user, since many people may share a proxy's address.
         */
        @WithName("login-max-failures-per-address")
        @WithDefault("50")
        int loginMaxFailuresPerAddress();

        /** Window of {@code login-max-failures}. */
        @WithName("login-failure-window")
        @WithDefault("15m")
        Duration loginFailureWindow();

        /**
         * Key (at least 32 characters) that signs the web forms' CSRF tokens. Unset: a random key per
         * start (open forms then fail once after a restart, and instances behind one balancer disagree).
         */
        @WithName("csrf-key")
        Optional<String> csrfKey();

        /** Send Strict-Transport-Security (set when the engine is served over HTTPS, directly or by a proxy). */
        @WithDefault("false")
        boolean hsts();

        /**
         * Single sign-on: how a sign-in at the identity provider becomes an engine user. Read only
         * when {@code quarkus.oidc.tenant-enabled=true} (docs/security.md, "Single sign-on").
         */
        Oidc oidc();
    }

    interface Oidc {
        /**
         * Claim of the ID token whose values decide the role: a name, or a path through nested objects
         * separated by {@code /} ({@code realm_access/roles}); a list of strings or one string of values
         * separated by spaces or commas.
         */
        @WithName("role-claim")
        @WithDefault("groups")
        String roleClaim();

        /**
         * Claim values to roles, {@code value=role,...} with roles {@code admin} or {@code analyst}
         * (e.g. {@code ueba-admins=admin,ueba-analysts=analyst}; quote a value holding a comma or an
         * equals sign). A person with no mapped value is refused; several: the most privileged role.
         * Required when single sign-on is on.
         */
        @WithName("role-map")
        Optional<String> roleMap();

        /**
         * Claim of the ID token that names a new engine user (1 to 64 letters, digits or {@code . _ @ -});
         * afterwards the user stays tied to the provider's issuer and subject, whatever this claim becomes.
         */
        @WithName("username-claim")
        @WithDefault("preferred_username")
        String usernameClaim();
    }
}
