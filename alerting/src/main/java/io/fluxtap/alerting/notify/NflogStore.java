package io.fluxtap.alerting.notify;

import java.util.Collection;

/**
 * Where the {@link NotificationLog} keeps its entries across restarts (one per group key and receiver key). Every
 * entry is written through when it is logged; the store is read once, at start.
 */
public interface NflogStore {

    Collection<NflogEntry> load();

    /** Inserts or replaces the entry of its group key and receiver key. */
    void save(NflogEntry entry);

    void delete(String groupKey, ReceiverKey receiver);
}
