package io.fluxtap.ingestion.budget;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InflightBytesTest {

    @Test
    void leasesShareTheBudgetAndGiveItBackOnClose() {
        InflightBytes budget = new InflightBytes(100);
        try (InflightBytes.Lease a = budget.open(); InflightBytes.Lease b = budget.open()) {
            assertTrue(a.grow(60));
            assertFalse(b.grow(41), "60 + 41 is over 100");
            assertEquals(60, budget.inUse(), "a refused grow takes nothing");
            assertTrue(b.grow(40));
            assertEquals(100, budget.inUse());
            a.close();
            a.close();
            assertEquals(40, budget.inUse(), "a second close gives nothing back twice");
            assertTrue(b.grow(60));
        }
        assertEquals(0, budget.inUse());
    }

    @Test
    void aRequestAloneMayPassTheBudgetOthersMayNot() {
        InflightBytes budget = new InflightBytes(100);
        try (InflightBytes.Lease alone = budget.open()) {
            assertTrue(alone.grow(250), "nobody else holds anything");
            try (InflightBytes.Lease other = budget.open()) {
                assertFalse(other.grow(1));
                OverBudget refused = assertThrows(OverBudget.class, () -> other.take(1));
                assertTrue(refused.getMessage().contains("fluxtap.ingest.max-inflight-bytes"), refused.getMessage());
            }
        }
        assertEquals(0, budget.inUse());
    }

    @Test
    void aBodyIsReadWhole_withOrWithoutLength_andTheLeaseHoldsItsSize() throws Exception {
        byte[] body = new byte[100_000];
        new Random(7).nextBytes(body);
        InflightBytes budget = new InflightBytes(1 << 20);
        for (long declared : new long[] {body.length, -1, 10, 1_000_000}) {
            try (InflightBytes.Lease lease = budget.open()) {
                byte[] read = BudgetedBody.read(trickle(body), declared, 1 << 20, lease);
                assertArrayEquals(body, read, "declared " + declared);
                assertEquals(body.length, lease.held(), "declared " + declared);
            }
            assertEquals(0, budget.inUse());
        }
    }

    @Test
    void aBodyPastTheLimitIsCutAtTheLimit() throws Exception {
        try (InflightBytes.Lease lease = InflightBytes.unbounded().open()) {
            assertEquals(1001, BudgetedBody.read(new ByteArrayInputStream(new byte[5000]), -1, 1001, lease).length);
        }
    }

    @Test
    void aBodyOverTheBudgetIsRefusedReadToTheEndAndHoldsNothingOnceClosed() throws Exception {
        InflightBytes budget = new InflightBytes(50_000);
        try (InflightBytes.Lease first = budget.open()) {
            assertTrue(first.grow(10_000));
            ByteArrayInputStream in = new ByteArrayInputStream(new byte[100_000]);
            try (InflightBytes.Lease second = budget.open()) {
                // No length: the buffer doubles until it no longer fits.
                assertThrows(OverBudget.class, () -> BudgetedBody.read(in, -1, 200_000, second));
                assertTrue(second.held() <= 40_000, "never more than the budget: " + second.held());
            }
            assertEquals(0, in.available(), "the rest of the body was read and dropped");
            assertEquals(10_000, budget.inUse());
        }
        assertEquals(0, budget.inUse());
    }

    @Test
    void aFailedReadLeavesNothingHeldOnceTheLeaseCloses() {
        InflightBytes budget = new InflightBytes(1 << 20);
        InputStream broken = new InputStream() {
            private int left = 3000;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    throw new IOException("connection reset by peer");
                }
                left--;
                return 1;
            }
        };
        try (InflightBytes.Lease lease = budget.open()) {
            assertThrows(IOException.class, () -> BudgetedBody.read(broken, 10_000, 1 << 20, lease));
            assertEquals(10_000, lease.held());
        }
        assertEquals(0, budget.inUse());
    }

    /** Hands out a few bytes per read, as a socket does. */
    private static InputStream trickle(byte[] body) {
        return new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1500));
            }
        };
    }
}
