package io.fluxtap.ingestion.policy.sampling;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/**
 * {@code probabilistic}: deterministic by trace id as the Collector decides it, so a Collector and Fluxtap with the
 * same salt keep the same traces: FNV-1a (64 bit) over the salt's UTF-8 bytes and then the 16 bytes of the trace id,
 * sampled when the hash (unsigned) is at most {@code MaxUint64 × percentage / 100}. The threshold follows Go's
 * {@code big.Float} arithmetic (a 64-bit mantissa rounded half to even, then truncated), or hashes on the boundary
 * would decide differently.
 */
record ProbabilisticPolicy(String hashSalt, double samplingPercentage, long threshold) implements SamplingPolicy {

    static final String DEFAULT_SALT = "default-hash-seed";
    private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    static ProbabilisticPolicy of(String hashSalt, double samplingPercentage) {
        String salt = hashSalt == null || hashSalt.isEmpty() ? DEFAULT_SALT : hashSalt;
        return new ProbabilisticPolicy(salt, samplingPercentage, threshold(samplingPercentage / 100));
    }

    @Override
    public Decision evaluate(TraceView trace, Instant now) {
        return Long.compareUnsigned(hash(hashSalt, traceIdBytes(trace.traceId())), threshold) <= 0
                ? Decision.SAMPLED : Decision.NOT_SAMPLED;
    }

    static long hash(String salt, byte[] traceId) {
        long hash = FNV_OFFSET;
        for (byte b : salt.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * FNV_PRIME;
        }
        for (byte b : traceId) {
            hash = (hash ^ (b & 0xff)) * FNV_PRIME;
        }
        return hash;
    }

    /** MaxUint64 × ratio with a 64-bit mantissa (round half to even), truncated to an integer, capped at MaxUint64. */
    static long threshold(double ratio) {
        if (!(ratio > 0)) {
            return 0;
        }
        BigDecimal exact = new BigDecimal(MAX_U64).multiply(new BigDecimal(ratio));
        if (exact.compareTo(new BigDecimal(MAX_U64)) >= 0) {
            return MAX_U64.longValue();
        }
        int integerBits = exact.toBigInteger().bitLength();
        if (integerBits == 0) {
            return 0;
        }
        int shift = 64 - integerBits;
        BigInteger mantissa = exact.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(shift)))
                .setScale(0, RoundingMode.HALF_EVEN).toBigInteger();
        return mantissa.shiftRight(shift).min(MAX_U64).longValue();
    }

    private static byte[] traceIdBytes(String traceId) {
        try {
            return traceId.length() == 32 ? HexFormat.of().parseHex(traceId) : traceId.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notHex) {
            return traceId.getBytes(StandardCharsets.UTF_8);
        }
    }
}
