package io.fluxtap.api;

/**
 * Where decoded records go: implemented by storage, used by the ingestion lanes.
 * Each lane consumer opens its own {@link Writer} (its own database connection), so lanes
 * never contend for one connection.
 */
public interface RecordSink {

    Writer openWriter(Lane lane);

    interface Writer extends AutoCloseable {
        /**
         * Stores the whole batch in one transaction.
         *
         * @throws StoreException when nothing of the batch was stored
         */
        void write(RecordBatch batch);

        @Override
        void close();
    }
}
