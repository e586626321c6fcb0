package org.relgrad.data;

import org.relgrad.RelgradError;

/** A data spec ({@code csv:PATH}, {@code mnist:DIR}, {@code toy:NAME?n=N}) that names no dataset. */
public class InvalidDataSpecException extends IllegalArgumentException implements RelgradError {
    public InvalidDataSpecException(String message) {
        super(message);
    }
}
