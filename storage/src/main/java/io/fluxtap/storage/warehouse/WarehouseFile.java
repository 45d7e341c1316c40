package io.fluxtap.storage.warehouse;

/**
 * One row of the manifest {@code warehouse_files}: a file that is part of the warehouse.
 *
 * @param path      relative to the data directory, '/'-separated
 * @param partition the hour (signal, wire) it holds
 * @param rows      its row count
 * @param bytes     its size
 */
public record WarehouseFile(String path, Partition partition, long rows, long bytes) {
}
