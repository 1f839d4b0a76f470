package org.openueba.demo;

/**
 * Derivation of independent seeds from the master seed, so that each user (and each purpose) has
 * its own random stream and changing one user's behaviour does not shift anyone else's.
 */
final class Seeds {
    private Seeds() {
    }

    /**
     * Mixes a master seed and a stream key with the SplitMix64 finaliser (Steele, Lea and Flood,
     * "Fast splittable pseudorandom number generators", OOPSLA 2014).
     */
    static long mix(long seed, long key) {
        long z = seed * 0x9E3779B97F4A7C15L + key * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
