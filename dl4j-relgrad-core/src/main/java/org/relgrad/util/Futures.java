package org.relgrad.util;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to another thread, rethrowing what it threw as it was thrown. */
public final class Futures {
    private Futures() {
    }

    /**
     * The result of {@code f}; its RuntimeException or Error is rethrown unchanged, a checked exception wrapped.
     *
     * @param waitingFor what the caller waits for, for the message if it is interrupted
     */
    public static <T> T join(Future<T> f, String waitingFor) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + waitingFor, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        }
    }
}
