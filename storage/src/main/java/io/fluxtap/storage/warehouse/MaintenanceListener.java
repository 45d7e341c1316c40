package io.fluxtap.storage.warehouse;

import java.util.List;

/** What the scheduler reports after each maintenance step; {@link WarehouseMetrics} turns it into metrics. */
public interface MaintenanceListener {

    void exported(List<WarehouseFile> files);

    void compacted(int partitions);

    void failed();

    void measured(WarehouseMetrics.Usage usage);
}
