package io.fluxtap.storage.warehouse;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;

import java.util.Map;

/** Hands parquet-hadoop the rows {@link ParquetColumns#read} produced. */
final class RowWriteSupport extends WriteSupport<Object[]> {

    private final ParquetColumns columns;
    private final Map<String, String> metadata;
    private RecordConsumer consumer;

    RowWriteSupport(ParquetColumns columns, Map<String, String> metadata) {
        this.columns = columns;
        this.metadata = metadata;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(columns.schema(), metadata);
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(columns.schema(), metadata);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
        columns.write(consumer, row);
    }
}
