package io.fluxtap.storage.warehouse;

import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * Writes a result set to one Parquet file the way the warehouse wants every file: ZSTD, dictionary encoding (with
 * dictionaries up to 8 MiB per column chunk: at parquet-hadoop's 1 MiB default, the attributes and body columns of an
 * hour of logs outgrow theirs and fall back to plain encoding), row groups of {@code rowGroupBytes}, a bloom filter on {@code trace_id} (trace-by-id then skips whole row groups
 * of cold files). The file is written under a hidden temporary name ({@code .<name>.tmp}, which no
 * {@code *.parquet} glob matches), forced to disk, renamed and its directory forced: a reader or a crash sees either
 * no file or the whole file.
 */
class WarehouseFileWriter {

    static final String TEMP_SUFFIX = ".tmp";

    private final long rowGroupBytes;

    WarehouseFileWriter(long rowGroupBytes) {
        this.rowGroupBytes = rowGroupBytes;
    }

    /** A file that is durable under its final name. */
    record WrittenFile(Path path, long rows, long bytes) {
    }

    /**
     * @return the durable file, or null when the result had no row (no file is left behind then)
     */
    WrittenFile write(ResultSet rows, ParquetColumns columns, Path target, Map<String, String> metadata)
            throws IOException, SQLException {
        Path temp = temporaryName(target);
        Files.deleteIfExists(temp);
        long count = 0;
        try (ParquetWriter<Object[]> writer = new Builder(new SyncedOutputFile(temp), columns, metadata)
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withDictionaryEncoding(true)
                .withDictionaryPageSize(8 << 20)
                .withRowGroupSize(rowGroupBytes)
                .withBloomFilterEnabled("trace_id", columns.has("trace_id"))
                .withWriteMode(org.apache.parquet.hadoop.ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            while (rows.next()) {
                writer.write(columns.read(rows));
                count++;
            }
        } catch (IOException | SQLException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        if (count == 0) {
            Files.deleteIfExists(temp);
            return null;
        }
        DurableFiles.publish(temp, target);
        return new WrittenFile(target, count, Files.size(target));
    }

    static Path temporaryName(Path target) {
        return target.resolveSibling("." + target.getFileName() + TEMP_SUFFIX);
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {

        private final ParquetColumns columns;
        private final Map<String, String> metadata;

        Builder(OutputFile file, ParquetColumns columns, Map<String, String> metadata) {
            super(file);
            this.columns = columns;
            this.metadata = metadata;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new RowWriteSupport(columns, metadata);
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport(columns, metadata);
        }
    }
}
