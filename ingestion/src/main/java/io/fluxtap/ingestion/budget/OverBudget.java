package io.fluxtap.ingestion.budget;

/** A request body did not fit in what is left of {@code fluxtap.ingest.max-inflight-bytes}. */
public final class OverBudget extends Exception {

    public OverBudget(long maxBytes) {
        super("the server holds " + maxBytes / (1 << 20) + " MiB of requests in flight (fluxtap.ingest.max-inflight-bytes)"
                + " and this one does not fit now; nothing of it was stored; retry later", null, false, false);
    }
}
