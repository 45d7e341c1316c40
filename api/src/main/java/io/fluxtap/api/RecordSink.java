package io.fluxtap.api;

/**
 * Where decoded records go: implemented by storage, used by the ingestion lanes.
 * Each lane consumer opens its own {@link Writer} (its own database connection), so lanes
 * never contend for one connection.
 */
public interface RecordSink {

    Writer openWriter(Lane lane);

    /**
     * The highest {@link RecordBatch#walLsn()} stored for the lane, or {@link RecordBatch#NO_WAL} when none was.
     *
     * @throws StoreException when the store cannot be read
     */
    long appliedWalLsn(Lane lane);

    interface Writer extends AutoCloseable {
        /**
         * Stores the whole batch, and its WAL position, in one transaction.
         *
         * @throws StoreException when nothing of the batch was stored
         */
        void write(RecordBatch batch);

        @Override
        void close();
    }
}
