package io.fluxtap.ingestion.policy.mask;

import java.util.List;

/** Stages for code outside this package (benchmarks) that has no metric registry. */
public final class MaskingStages {

    private MaskingStages() {
    }

    public static MaskingStage withoutMetrics(MaskSettings settings) {
        return new MaskingStage(settings, List.of(), new MaskMetrics());
    }
}
