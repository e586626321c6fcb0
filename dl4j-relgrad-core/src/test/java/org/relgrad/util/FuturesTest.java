package org.relgrad.util;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FuturesTest {

    @Test
    void returnsTheResultAndRethrowsWhatTheWorkThrew() {
        assertEquals(7, Futures.join(CompletableFuture.completedFuture(7), "x"));
        ArithmeticException runtime = new ArithmeticException("singular");
        assertSame(runtime, assertThrows(ArithmeticException.class,
                () -> Futures.join(CompletableFuture.failedFuture(runtime), "x")));
        StackOverflowError error = new StackOverflowError();
        assertSame(error, assertThrows(StackOverflowError.class,
                () -> Futures.join(CompletableFuture.failedFuture(error), "x")));
        IOException checked = new IOException("disk");
        assertSame(checked, assertThrows(IllegalStateException.class,
                () -> Futures.join(CompletableFuture.failedFuture(checked), "x")).getCause());
    }
}
