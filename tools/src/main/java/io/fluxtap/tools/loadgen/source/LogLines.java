package io.fluxtap.tools.loadgen.source;

/** An endless supply of log lines (sources cycle); used once, single-threaded, to fill a payload pool. */
public interface LogLines {

    LogLine next();

    /** How many different lines the source has; the pool sizes itself to hold each of them once if it can. */
    int distinct();

    String description();
}
