package io.fluxtap.ingestion.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fluxtap.api.LogRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One invocation of every parameter pair of {@link MaskingStageBenchmark}, so the benchmark the masking A/B relies
 * on keeps running as the stage changes: with cards added and masking on, the requests come back without them;
 * with masking off, as they came.
 */
class MaskingStageBenchmarkTest {

    private static final String CARD = "4111 1111 1111 1111";

    @Test
    void everyParameterPairRunsAndMasksWhatItShould() {
        for (String mask : List.of("off", "truncate", "token")) {
            for (String data : List.of("loghub", "loghub-with-cards")) {
                MaskingStageBenchmark benchmark = new MaskingStageBenchmark();
                benchmark.mask = mask;
                benchmark.data = data;
                benchmark.setUp();
                List<LogRecord> out = benchmark.maskRequest();
                String where = mask + "/" + data;
                assertEquals(200, out.size(), where);
                boolean cards = out.stream().anyMatch(r -> r.body().contains(CARD));
                if (data.equals("loghub-with-cards") && mask.equals("off")) {
                    assertTrue(cards, where + ": the cards added are there when masking is off");
                } else {
                    assertFalse(cards, where);
                }
                if (data.equals("loghub-with-cards") && !mask.equals("off")) {
                    String masked = mask.equals("token") ? "card tok_" : "card 4111 11** **** 1111";
                    assertTrue(out.stream().anyMatch(r -> r.body().contains(masked)), where);
                }
            }
        }
    }
}
